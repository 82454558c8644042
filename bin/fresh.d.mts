/** Result of {@link checkBuild}: the built entry module, or why the sources must run instead. */
export type BuildCheck = { fresh: true; entry: string } | { fresh: false; reason: string }

/** Whether `distDir` (default `<root>/dist/cli`) was built from the sources as they are now. */
export function checkBuild(root: string, distDir?: string): BuildCheck
