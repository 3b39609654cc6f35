// Files pasted or dropped into the editor (Lexical's DRAG_DROP_PASTE), or picked with the toolbar's
// "Attach file", are uploaded to POST /uploads.json and inserted where the caret is, in
// Discourse's markdown (`![name|WxH](upload://…)`, `[name|attachment](upload://…)`).
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { DRAG_DROP_PASTE } from '@lexical/rich-text';
import { $createTextNode, $getRoot, $getSelection, $isRangeSelection, COMMAND_PRIORITY_LOW } from 'lexical';
import { useEffect } from 'react';
import { toApiError } from '../../api/api-error';
import { uploadEmbed, type UploadedFile } from '../../api/uploads';
import { $createUploadNode } from '../markdown/upload-node';

export type UploadStatus = { uploading: string[]; error: string | null };

export function AttachmentsPlugin({
  upload,
  onStatus,
}: {
  upload(file: File): Promise<UploadedFile>;
  onStatus(update: (status: UploadStatus) => UploadStatus): void;
}) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    const uploadOne = async (file: File) => {
      onStatus((s) => ({ uploading: [...s.uploading, file.name], error: null }));
      try {
        const { embed, label, url } = uploadEmbed(await upload(file));
        editor.update(() => {
          const selection = $getSelection();
          const target = $isRangeSelection(selection) ? selection : $getRoot().selectEnd();
          target.insertNodes([$createUploadNode(embed, label, url), $createTextNode(' ')]);
        });
      } catch (error) {
        const message = toApiError(error, 'The upload').message;
        onStatus((s) => ({ ...s, error: `Could not attach ${file.name}: ${message}` }));
      } finally {
        onStatus((s) => ({ ...s, uploading: s.uploading.filter((name) => name !== file.name) }));
      }
    };
    return editor.registerCommand(
      DRAG_DROP_PASTE,
      (files) => {
        for (const file of files) void uploadOne(file);
        return true;
      },
      COMMAND_PRIORITY_LOW,
    );
  }, [editor, upload, onStatus]);
  return null;
}
