// placeholder: filled in by the module's owner
export {};
