// What the porter knows about asyncio's API and Python's built-ins: how keyword arguments
// travel (SPEC §2: a trailing options object, or kw({...}) for functions that take *args),
// which parameters stay positional, which names are classes, and which calls give a bool.

/** asyncio functions/methods that take *args: their keyword arguments go in kw({...}). */
export const KW_STAR_ARGS = new Set([
  "call_soon", "call_later", "call_at", "call_soon_threadsafe", "run_in_executor", "to_thread", "print",
  "create_subprocess_exec",
]);

/** Parameters of asyncio APIs that are positional in the DSL even when Python passes them by name. */
export const POSITIONAL: Record<string, string[]> = {
  sleep: ["delay", "result"],
  wait_for: ["fut", "timeout"],
  shield: ["arg"],
  timeout: ["delay"],
  timeout_at: ["when"],
  cancel: ["msg"],
  Semaphore: ["value"],
  BoundedSemaphore: ["value"],
  Barrier: ["parties"],
  Condition: ["lock"],
  ContextVar: ["name"],
  run_coroutine_threadsafe: ["coro", "loop"],
  set_result: ["result"],
  set_exception: ["exception"],
  ExceptionGroup: ["message", "exceptions"],
  BaseExceptionGroup: ["message", "exceptions"],
  readexactly: ["n"],
  read: ["n"],
  readuntil: ["separator"],
};

/** asyncio names that are classes (constructed with `new`) besides the capitalised rule. */
export const GENERIC_CLASSES = new Set(["Queue", "PriorityQueue", "LifoQueue", "Future", "ContextVar", "Task"]);

/** Python's built-in exceptions: exported by asyncts under the same name, except where noted. */
export const BUILTIN_EXCEPTIONS: Record<string, string> = {
  BaseException: "asyncio.BaseException",
  Exception: "asyncio.Exception",
  RuntimeError: "asyncio.RuntimeError",
  ValueError: "asyncio.ValueError",
  KeyError: "asyncio.KeyError",
  LookupError: "asyncio.LookupError",
  NotImplementedError: "asyncio.NotImplementedError",
  StopAsyncIteration: "asyncio.StopAsyncIteration",
  StopIteration: "asyncio.StopIteration",
  GeneratorExit: "asyncio.GeneratorExit",
  KeyboardInterrupt: "asyncio.KeyboardInterrupt",
  SystemExit: "asyncio.SystemExit",
  TimeoutError: "asyncio.TimeoutError",
  OSError: "asyncio.OSError",
  ConnectionError: "asyncio.ConnectionError",
  ConnectionResetError: "asyncio.ConnectionResetError",
  ConnectionRefusedError: "asyncio.ConnectionRefusedError",
  BrokenPipeError: "asyncio.BrokenPipeError",
  EOFError: "asyncio.EOFError",
  ExceptionGroup: "asyncio.ExceptionGroup",
  BaseExceptionGroup: "asyncio.BaseExceptionGroup",
  FileNotFoundError: "asyncio.FileNotFoundError",
  FileExistsError: "asyncio.FileExistsError",
  PermissionError: "asyncio.PermissionError",
  ProcessLookupError: "asyncio.ProcessLookupError",
  ChildProcessError: "asyncio.ChildProcessError",
  BlockingIOError: "asyncio.BlockingIOError",
  InterruptedError: "asyncio.InterruptedError",
  IsADirectoryError: "asyncio.IsADirectoryError",
  NotADirectoryError: "asyncio.NotADirectoryError",
  ConnectionAbortedError: "asyncio.ConnectionAbortedError",
  IndexError: "py.IndexError",
  ZeroDivisionError: "py.ZeroDivisionError",
  AssertionError: "py.AssertionError",
  TypeError: "TypeError",
};

/** Methods and functions whose result is a bool (so a condition needs no truthiness helper). */
export const BOOL_METHODS = new Set([
  "done", "cancelled", "empty", "full", "locked", "is_set", "is_running", "is_closed", "expired", "broken",
  "startswith", "endswith", "isdigit", "isalpha", "isspace", "isupper", "islower", "isfuture", "iscoroutine",
  "iscoroutinefunction", "get_debug", "at_eof", "is_closing", "is_serving", "can_write_eof", "isinstance",
  "callable", "hasattr", "uncancel_is_zero", "remove_done_callback_ok",
]);

/** Methods whose result is a number. */
export const NUM_METHODS = new Set(["time", "qsize", "cancelling", "uncancel", "when", "count", "index", "find", "perf_counter", "monotonic", "remove_done_callback", "n_waiting", "parties"]);

/** Methods whose result is a string. */
export const STR_METHODS = new Set(["get_name", "upper", "lower", "strip", "lstrip", "rstrip", "join", "replace", "format", "title", "capitalize", "decode", "hex"]);

/** Python's reserved-word clashes: identifiers that are keywords in JavaScript. */
export const JS_RESERVED = new Set([
  "arguments", "case", "catch", "const", "debugger", "default", "delete", "do", "enum", "eval", "export", "extends",
  "function", "instanceof", "let", "new", "package", "private", "protected", "public", "static", "switch", "this",
  "throw", "typeof", "var", "void", "interface", "implements", "yield", "super", "null", "true", "false", "undefined",
]);
