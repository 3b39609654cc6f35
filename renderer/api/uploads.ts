// Attachments: Discourse's POST /uploads.json (multipart, type=composer) and the markdown
// Discourse itself inserts for the result: `![name|WxH](upload://…)` for images,
// `[name|attachment](upload://…) (size)` for other files.
import type { AxiosInstance } from 'axios';
import { z } from 'zod';

const uploadResponse = z
  .object({
    url: z.string(),
    short_url: z.string(),
    original_filename: z.string(),
    width: z.number().nullish(),
    height: z.number().nullish(),
    filesize: z.number().nullish(),
    extension: z.string().nullish(),
  })
  .loose();

export type UploadedFile = z.infer<typeof uploadResponse> & { isImage: boolean };

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'bmp', 'svg', 'heic']);

export async function uploadFile(
  http: AxiosInstance,
  file: File,
  signal?: AbortSignal,
): Promise<UploadedFile> {
  const form = new FormData();
  form.append('type', 'composer');
  form.append('file', file, file.name);
  const response = await http.post<unknown>('/uploads.json', form, { signal, timeout: 120_000 });
  const body = uploadResponse.parse(response.data);
  const extension = (body.extension ?? body.original_filename.split('.').pop() ?? '').toLowerCase();
  return { ...body, isImage: file.type.startsWith('image/') || IMAGE_EXTENSIONS.has(extension) };
}

export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} Bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The label and embed Discourse writes for an upload (its label grammar: `name|WxH`, `name|attachment`). */
export function uploadEmbed(upload: UploadedFile): { embed: 'image' | 'link'; label: string; url: string } {
  const name = upload.original_filename.replace(/[[\]|]/g, '');
  if (upload.isImage) {
    const size = upload.width && upload.height ? `|${upload.width}x${upload.height}` : '';
    return { embed: 'image', label: `${name}${size}`, url: upload.short_url };
  }
  return { embed: 'link', label: `${name}|attachment`, url: upload.short_url };
}
