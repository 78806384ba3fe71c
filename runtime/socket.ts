// The part of Python's `socket` module asyncio programs use: address-family and socket-type
// constants, socket.gaierror/herror, and SOL_SOCKET/SO_LINGER for a TransportSocket.
export { AF_UNIX, AF_INET, AF_INET6, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, IPPROTO_TCP, IPPROTO_UDP, SOL_SOCKET, SO_LINGER, SO_REUSEADDR, TCP_NODELAY } from "./trsock.js";
export { gaierror, herror, TimeoutError as timeout, OSError as error } from "./py/exceptions.js";
export const AF_UNSPEC = 0;
export const AI_PASSIVE = 1;
export const IPPROTO_IPV6 = 41;
