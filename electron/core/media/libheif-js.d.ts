// libheif-js ships typings for its raw Emscripten module only; the wasm bundle the import worker
// loads is described where it is used (LibHeif in import-worker.ts).
declare module 'libheif-js/wasm-bundle.js' {
  const libheif: unknown;
  export default libheif;
}
