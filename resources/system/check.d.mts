// Types for check.mjs (plain Node ESM, so it runs before anything is built).
export interface SystemPackage {
  name: string;
  commands?: (string | undefined)[];
  fonts?: string;
  why: string;
}
export const PACKAGES: SystemPackage[];
export function packageNames(env?: NodeJS.ProcessEnv): string[];
export function dpkgMissing(names: string[], dpkg?: string): string[] | null;
export function findCommand(cmd: string | undefined): string | null;
export function commandMissing(names: string[]): { missing: string[]; unchecked: string[] };
export function installCommand(missing: string[], root?: boolean): string;
export function main(env?: NodeJS.ProcessEnv): number;
/** Prints what is missing and the apt command, and exits 1, if a tool is not found. */
export function requireCommands(
  label: string,
  tools: { command: string | (string | undefined)[]; package: string }[],
): void;
