// An `ssl` module in the spirit of Python's, mapped onto node:tls: SSLContext holds what
// Python's context holds (certificates, CA file, check_hostname, verify_mode) and turns it
// into tls.connect / TLSSocket options. Errors are Python's ssl.SSLError family with its
// reason/verify_message; the "(_ssl.c:NNNN)" suffix is CPython 3.12.1's.
import type * as tls from "node:tls";
import * as fs from "node:fs";
import { OSError, ValueError } from "./py/exceptions.js";
import { repr } from "./py/format.js";
import { lazyBuiltin } from "./host.js";

/** node:tls loads node:crypto: only a program that makes a context pays for it. */
const tlsModule = lazyBuiltin<typeof tls>("node:tls");

export const PROTOCOL_TLS_CLIENT = 16;
export const PROTOCOL_TLS_SERVER = 17;
export const PROTOCOL_TLS = 2;
export const CERT_NONE = 0, CERT_OPTIONAL = 1, CERT_REQUIRED = 2;
export const Purpose = { SERVER_AUTH: "SERVER_AUTH", CLIENT_AUTH: "CLIENT_AUTH" } as const;
export const TLSVersion = { MINIMUM_SUPPORTED: "TLSv1", TLSv1: "TLSv1", TLSv1_1: "TLSv1.1", TLSv1_2: "TLSv1.2", TLSv1_3: "TLSv1.3", MAXIMUM_SUPPORTED: "TLSv1.3" } as const;
const SSL_C = "(_ssl.c:1006)";

function named<T extends Function>(cls: T, name: string): T {
  Object.defineProperty(cls, "name", { value: name });
  Object.defineProperty(cls, "__module__", { value: "ssl" });
  return cls;
}

/** ssl.SSLError: str(e) is the OpenSSL text; `library` and `reason` name the failure. */
export class SSLError extends OSError {
  library: string | null = null;
  reason: string | null = null;
  override __str__(): string {
    return this.strerror !== null ? this.strerror : super.__str__();
  }
}
named(SSLError, "SSLError");
/** The peer's certificate did not verify (also a ValueError in Python). */
export class SSLCertVerificationError extends SSLError {
  verify_code = 0;
  verify_message = "";
}
named(SSLCertVerificationError, "SSLCertVerificationError");
export class SSLZeroReturnError extends SSLError {}
named(SSLZeroReturnError, "SSLZeroReturnError");
export class SSLEOFError extends SSLError {}
named(SSLEOFError, "SSLEOFError");
export const CertificateError = SSLCertVerificationError;

// OpenSSL's X509_V_ERR codes for Node's verification error codes.
const VERIFY: Record<string, [number, string]> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: [18, "self-signed certificate"],
  SELF_SIGNED_CERT_IN_CHAIN: [19, "self-signed certificate in certificate chain"],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: [20, "unable to get local issuer certificate"],
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: [21, "unable to verify the first certificate"],
  CERT_HAS_EXPIRED: [10, "certificate has expired"],
  CERT_NOT_YET_VALID: [9, "certificate is not yet valid"],
  UNABLE_TO_GET_ISSUER_CERT: [2, "unable to get issuer certificate"],
};

/** @internal A Node TLS error as Python's ssl exception. */
export function _ssl_error(err: any, server_hostname: string | null = null): Error {
  if (err instanceof OSError) return err;
  const code: string = err?.code ?? "";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const host = server_hostname ?? err.host ?? "";
    const ip = /^[\d.]+$|:/.test(host);
    return verifyError(62, `${ip ? "IP address" : "Hostname"} mismatch, certificate is not valid for ${repr(host)}.`);
  }
  if (code in VERIFY) return verifyError(...VERIFY[code]);
  if (code === "ECONNRESET" || code === "EPIPE") {
    return new OSError(code === "EPIPE" ? 32 : 104, code === "EPIPE" ? "Broken pipe" : "Connection reset by peer");
  }
  // OpenSSL errors: ERR_SSL_<REASON>; err.reason is the lower-case text.
  const m = /^ERR_SSL_(.+)$/.exec(code);
  const reason = m ? m[1] : "UNKNOWN";
  const e = new SSLError(1, `[SSL: ${reason}] ${err?.reason ?? String(err?.message ?? err).toLowerCase()} ${SSL_C}`);
  e.library = err?.library === "SSL routines" ? "SSL" : (err?.library ?? "SSL");
  e.reason = reason;
  return e;
}

function verifyError(verify_code: number, verify_message: string): SSLCertVerificationError {
  const e = new SSLCertVerificationError(1, `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${verify_message} ${SSL_C}`);
  e.library = "SSL";
  e.reason = "CERTIFICATE_VERIFY_FAILED";
  e.verify_code = verify_code;
  e.verify_message = verify_message;
  return e;
}

function readFile(path: string): Buffer {
  try {
    return fs.readFileSync(path);
  } catch (e: any) {
    if (e?.code === "ENOENT") throw new OSError(2, "No such file or directory");
    if (e?.code === "EACCES") throw new OSError(13, "Permission denied");
    if (e?.code === "EISDIR") throw new OSError(21, "Is a directory");
    throw e;
  }
}

/** ssl.SSLContext: the settings of TLS connections made with it. */
export class SSLContext {
  readonly protocol: number;
  private _check_hostname: boolean;
  private _verify_mode: number;
  /** @internal */ _cert: Buffer[] = [];
  /** @internal */ _key: Buffer[] = [];
  /** @internal */ _passphrase: string | undefined;
  /** @internal */ _ca: Buffer[] | null = null;
  /** @internal */ _default_roots = false;
  /** @internal */ _ciphers: string | undefined;
  /** @internal */ _alpn: string[] | undefined;
  minimum_version: string | null = null;
  maximum_version: string | null = null;
  /** @internal */ _secure: tls.SecureContext | null = null;

  constructor(protocol: number = PROTOCOL_TLS) {
    this.protocol = protocol;
    const client = protocol === PROTOCOL_TLS_CLIENT;
    this._check_hostname = client;
    this._verify_mode = client ? CERT_REQUIRED : CERT_NONE;
  }

  get check_hostname(): boolean {
    return this._check_hostname;
  }
  set check_hostname(v: boolean) {
    // Enabling hostname checks turns CERT_NONE into CERT_REQUIRED.
    if (v && this._verify_mode === CERT_NONE) this._verify_mode = CERT_REQUIRED;
    this._check_hostname = !!v;
  }
  get verify_mode(): number {
    return this._verify_mode;
  }
  set verify_mode(v: number) {
    if (v === CERT_NONE && this._check_hostname) throw new ValueError("Cannot set verify_mode to CERT_NONE when check_hostname is enabled.");
    if (v !== CERT_NONE && v !== CERT_OPTIONAL && v !== CERT_REQUIRED) throw new ValueError("invalid value for verify_mode");
    this._verify_mode = v;
  }

  /** The certificate (PEM file, chain included) and private key this side presents. */
  load_cert_chain(certfile: string, keyfile: string | null = null, password: string | (() => string) | null = null): void {
    const cert = readFile(certfile);
    const key = keyfile === null ? cert : readFile(keyfile);
    this._cert = [cert];
    this._key = [key];
    this._passphrase = password === null ? undefined : typeof password === "function" ? password() : password;
    this._secure = null;
    try {
      this._secureContext();
    } catch (e: any) {
      throw _ssl_error(e);
    }
  }

  /** CA certificates to verify the peer with (instead of the system's). */
  load_verify_locations(cafile: string | null = null, capath: string | null = null, cadata: string | Uint8Array | null = null): void {
    if (cafile === null && capath === null && cadata === null) throw new TypeError("cafile, capath and cadata cannot be all omitted");
    const list = this._ca ?? [];
    if (cafile !== null) list.push(readFile(cafile));
    if (capath !== null) {
      for (const f of fs.readdirSync(capath)) {
        try {
          list.push(fs.readFileSync(`${capath}/${f}`));
        } catch {}
      }
    }
    if (cadata !== null) list.push(Buffer.from(cadata as any));
    this._ca = list;
    this._secure = null;
  }

  /** Node's built-in root certificates stand for the system's. */
  load_default_certs(_purpose: string = Purpose.SERVER_AUTH): void {
    this._default_roots = true;
    this._secure = null;
  }

  set_default_verify_paths(): void {
    this.load_default_certs();
  }

  set_ciphers(ciphers: string): void {
    this._ciphers = ciphers;
    this._secure = null;
  }

  set_alpn_protocols(protocols: Iterable<string>): void {
    this._alpn = [...protocols];
  }

  /** @internal */ _secureContext(): tls.SecureContext {
    if (this._secure === null) {
      this._secure = tlsModule().createSecureContext({
        cert: this._cert.length ? this._cert : undefined,
        key: this._key.length ? this._key : undefined,
        passphrase: this._passphrase,
        // No `ca` means Node's root certificates; with our own CAs, add the roots if loaded.
        ca: this._ca === null ? undefined : this._default_roots ? [...tlsModule().rootCertificates, ...this._ca.map(String)] : this._ca,
        ciphers: this._ciphers,
        minVersion: (this.minimum_version ?? undefined) as tls.SecureVersion | undefined,
        maxVersion: (this.maximum_version ?? undefined) as tls.SecureVersion | undefined,
      });
    }
    return this._secure;
  }

  /** @internal tls.connect options for a client. */
  _client_options(server_hostname: string | null): tls.ConnectionOptions {
    const check = this._check_hostname;
    const host = server_hostname ?? "";
    return {
      secureContext: this._secureContext(),
      rejectUnauthorized: this._verify_mode !== CERT_NONE,
      // SNI takes names only (RFC 6066); an address is still checked against the certificate.
      servername: host && !/^[\d.]+$|:/.test(host) ? host : undefined,
      checkServerIdentity: (_h, cert) => (check && host ? tlsModule().checkServerIdentity(host, cert) : undefined),
      ALPNProtocols: this._alpn,
    };
  }

  /** @internal TLSSocket options for a server. */
  _server_options(): tls.TLSSocketOptions {
    return {
      secureContext: this._secureContext(),
      requestCert: this._verify_mode !== CERT_NONE,
      rejectUnauthorized: this._verify_mode === CERT_REQUIRED,
      ALPNProtocols: this._alpn,
    };
  }

  __repr__(): string {
    return "<ssl.SSLContext object>";
  }
}

/**
 * ssl.create_default_context(purpose, {cafile, capath, cadata}): for SERVER_AUTH (a client)
 * hostname checks and CERT_REQUIRED with the system's (Node's) roots; for CLIENT_AUTH a server context.
 */
export function create_default_context(purpose: string | { purpose?: string; cafile?: string | null; capath?: string | null; cadata?: string | Uint8Array | null } = Purpose.SERVER_AUTH, opts: { cafile?: string | null; capath?: string | null; cadata?: string | Uint8Array | null } = {}): SSLContext {
  // create_default_context(cafile=...): the keywords alone are the trailing options object
  if (typeof purpose === "object" && purpose !== null) ({ purpose = Purpose.SERVER_AUTH, ...opts } = purpose);
  const ctx = new SSLContext((purpose as string) === Purpose.SERVER_AUTH ? PROTOCOL_TLS_CLIENT : PROTOCOL_TLS_SERVER);
  if (opts.cafile || opts.capath || opts.cadata) ctx.load_verify_locations(opts.cafile ?? null, opts.capath ?? null, opts.cadata ?? null);
  else if (ctx.verify_mode !== CERT_NONE) ctx.load_default_certs(purpose as string);
  return ctx;
}
