// Stands in for @pmndrs/xr's built-in emulator module (iwer with its dev UI and the synthetic
// environments, ~5 MB of chunks) in the client build: the visitor store turns the emulator off
// (`emulate: false`), yet the library's dynamic import() still made the bundler emit it. The VR
// tests bring the iwer runtime themselves.

/** The emulator is not part of this build: nothing is emulated. */
export function emulate(): undefined {
  return undefined;
}
