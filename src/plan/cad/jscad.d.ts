// Type declaration for @jscad/stl-serializer, which ships none.
declare module '@jscad/stl-serializer' {
  export function serialize(options: { binary?: boolean }, ...geometries: unknown[]): ArrayBuffer[] | string[]
}
