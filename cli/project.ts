// Reads a tsconfig the way tsc does; a broken or missing tsconfig becomes a diagnostic.
import ts from "typescript";
import { existsSync } from "node:fs";
import { tsconfigPath } from "./config-path.js";
import { diag, fromTs, type Diagnostic } from "../compiler/diagnostics.js";

export interface ProjectConfig {
  configPath: string;
  fileNames: string[];
  options: ts.CompilerOptions;
  /** `references` of the tsconfig: the program reads their outputs as tsc -p does */
  projectReferences: readonly ts.ProjectReference[] | undefined;
  /** the tsconfig's own diagnostics as TypeScript objects (the program reports them again) */
  configErrors: ts.Diagnostic[];
}

export function readProject(project: string | undefined): { config: ProjectConfig | null; diagnostics: Diagnostic[] } {
  const configPath = tsconfigPath(project);
  if (!existsSync(configPath)) {
    return { config: null, diagnostics: [diag("tsconfigNotFound", {}, configPath)] };
  }
  const diagnostics: Diagnostic[] = [];
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(fromTs(d)),
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, host);
  if (!parsed) return { config: null, diagnostics };
  // JSON syntax errors of the tsconfig live on its source file, not in parsed.errors
  const configErrors = ts.getConfigFileParsingDiagnostics(parsed).filter((e) => e.code !== 18003);
  diagnostics.push(...configErrors.map((d) => fromTs(d)));
  if (parsed.fileNames.length === 0) {
    diagnostics.push(diag("noInputFiles", {}, configPath));
  }
  return { config: { configPath, fileNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences, configErrors }, diagnostics };
}
