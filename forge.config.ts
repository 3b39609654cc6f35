// Electron Forge configuration mirroring build/electron-builder.json, kept for teams that
// package with Forge. It is NOT run here: Forge 8 requires Node >= 22.13 (this machine class
// has Node 20) and Forge 7 cannot be installed offline (a git dependency; handbook
// toolchain.md §1.4), so packaging uses electron-builder (`npm run package`).
// The Forge types are declared locally so this file type-checks without @electron-forge/*.

/** The subset of @electron-forge/shared-types' ForgeConfig used below. */
interface ForgeMaker {
  name: string;
  platforms?: Array<'linux' | 'darwin' | 'win32'>;
  config?: Record<string, unknown>;
}
interface ForgePackagerConfig {
  name?: string;
  executableName?: string;
  appBundleId?: string;
  appCategoryType?: string;
  icon?: string;
  asar?: boolean | { unpack?: string; unpackDir?: string };
  /** Copied into the app's resources folder under their base names. */
  extraResource?: string[];
  ignore?: Array<string | RegExp>;
}
interface ForgeConfig {
  packagerConfig?: ForgePackagerConfig;
  rebuildConfig?: { onlyModules?: string[]; force?: boolean };
  makers?: ForgeMaker[];
}

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Foyer',
    executableName: 'foyer',
    appBundleId: 'org.foyer.desktop',
    appCategoryType: 'public.app-category.productivity',
    // Forge adds the platform extension (.icns/.ico/.png).
    icon: 'build/icons/icon',
    asar: { unpack: '**/node_modules/better-sqlite3/**' },
    // Forge keeps base names, so the backend lands in resources/backend and the renderer in
    // resources/dist; electron/main/backend-launch.ts expects resources/renderer, so rename
    // renderer/dist before packaging with Forge. (electron-builder can rename; Forge cannot.)
    extraResource: ['dist/backend', 'renderer/dist'],
    // Ship only the bundled shell; everything else is bundled or an extra resource.
    ignore: [/^\/(?!electron\/dist|package\.json|node_modules\/better-sqlite3)/, /\.map$/],
  },
  // better-sqlite3 must be compiled for Electron's ABI; see README "Desktop app & packaging".
  rebuildConfig: { onlyModules: ['better-sqlite3'], force: true },
  makers: [
    { name: '@electron-forge/maker-squirrel', platforms: ['win32'], config: { name: 'foyer' } },
    { name: '@electron-forge/maker-dmg', platforms: ['darwin'], config: { format: 'ULFO' } },
    {
      name: '@electron-forge/maker-deb',
      platforms: ['linux'],
      config: { options: { name: 'foyer', productName: 'Foyer', categories: ['Network', 'Email'] } },
    },
    { name: '@electron-forge/maker-zip', platforms: ['linux', 'darwin', 'win32'] },
  ],
};

export default config;
