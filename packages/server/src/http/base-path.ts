/**
 * The part of `pathname` under `basePath` (`/` for the base itself), or
 * `null` when the path lies outside it. An empty base holds every path.
 */
export function pathUnderBase(pathname: string, basePath: string): string | null {
  if (!basePath) return pathname;
  if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return null;
  return pathname.slice(basePath.length) || '/';
}
