export const root: string;
export function ensureBuild(options?: { quiet?: boolean }): boolean;
