// Types for turndown's own DOM implementation (its Node build parses HTML with it). The package
// ships a declaration for the module name 'domino' only, so the scoped name is declared here.
declare module '@mixmark-io/domino' {
  export function createDocument(html?: string, force?: boolean): Document;
}
