export async function f() { await 1; }
