// Programmatic `run` without running: compile a file's import graph into the run cache.
// Test drivers use it to compile many programs in one process (one compiler load).
export { prepare } from "./run.js";
