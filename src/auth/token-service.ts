/**
 * Signs and verifies code-engine's JWTs: access (`at+jwt`), refresh (`rt+jwt`) and MFA challenge (`mfa+jwt`)
 * tokens. Verification pins the algorithm to the ring's keys, the `typ`, issuer and audience, requires `kid`,
 * `jti`, `sub`, `exp` and `iat`, and allows auth.clockToleranceSec of leeway on `exp`/`nbf`.
 */
import { type CryptoKey, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Clock, Ids } from '../core/deps.js';
import { AppError } from '../core/errors.js';
import type { KeyRing } from './key-ring.js';

/** The three kinds of token. */
export type TokenKind = 'access' | 'refresh' | 'mfa';

const TYP: Record<TokenKind, string> = { access: 'at+jwt', refresh: 'rt+jwt', mfa: 'mfa+jwt' };

/** Claims code-engine puts in its tokens (besides iss, aud, iat, nbf, exp, jti). */
export interface TokenSubject {
  /** User id. */
  sub: string;
  /** The user's token_version when issued. */
  ver: number;
  /** Session family (one login): access and refresh tokens of a session share it. */
  fam?: string;
  /** Epoch seconds of the MFA verification of this session. */
  mfaAt?: number;
}

/** A verified token's claims. */
export interface VerifiedToken extends TokenSubject {
  jti: string;
  /** Epoch ms. */
  issuedAt: number;
  /** Epoch ms. */
  expiresAt: number;
}

/** A freshly signed token. */
export interface SignedToken {
  token: string;
  jti: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Token signing and verification. */
export interface TokenService {
  sign(kind: TokenKind, subject: TokenSubject, ttlSec: number): Promise<SignedToken>;
  /** Verify; throws E_UNAUTHENTICATED (message says "expired" when that is the only problem). */
  verify(kind: TokenKind, token: string): Promise<VerifiedToken>;
}

/** Settings from auth config. */
export interface TokenServiceOptions {
  ring: () => Promise<KeyRing>;
  clock: Clock;
  ids: Ids;
  issuer: string;
  audience: string;
  clockToleranceSec: number;
}

const VERIFIED_CACHE_MAX = 10_000;

const invalid = (cause?: unknown) => new AppError('E_UNAUTHENTICATED', 'The token is invalid.', cause ? { cause } : {});

/** A token service over a key ring. */
export function createTokenService(options: TokenServiceOptions): TokenService {
  const { clock, ids } = options;
  /**
   * Access tokens already verified, by their exact string: a client sends the same token for 15 minutes, and an
   * Ed25519 check through WebCrypto costs far more than the rest of authentication. Bounded, oldest evicted first.
   */
  const verified = new Map<string, VerifiedToken>();
  return {
    async sign(kind, subject, ttlSec) {
      const ring = await options.ring();
      await ring.refreshIfStale();
      const key = ring.active();
      const nowSec = Math.floor(clock.now() / 1000);
      const jti = ids.uuid();
      const claims: Record<string, unknown> = { ver: subject.ver };
      if (subject.fam) claims.fam = subject.fam;
      if (subject.mfaAt !== undefined) claims.mfa_at = subject.mfaAt;
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: TYP[kind] })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setSubject(subject.sub)
        .setJti(jti)
        .setIssuedAt(nowSec)
        .setNotBefore(nowSec)
        .setExpirationTime(nowSec + ttlSec)
        .sign(key.privateKey as CryptoKey);
      return { token, jti, expiresAt: (nowSec + ttlSec) * 1000 };
    },
    async verify(kind, token) {
      if (kind === 'access') {
        const hit = verified.get(token);
        if (hit) {
          // Only the exact string verified before hits; its expiry is still checked against the clock.
          if (hit.expiresAt + options.clockToleranceSec * 1000 > clock.now()) return hit;
          verified.delete(token);
          throw new AppError('E_UNAUTHENTICATED', 'The token has expired.');
        }
      }
      const claims = await verifySignature(kind, token);
      if (kind === 'access') {
        if (verified.size >= VERIFIED_CACHE_MAX) verified.delete(verified.keys().next().value as string);
        verified.set(token, claims);
      }
      return claims;
    },
  };

  async function verifySignature(kind: TokenKind, token: string): Promise<VerifiedToken> {
    const ring = await options.ring();
    let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? await ring.resolve(header.kid) : undefined;
          // The header's alg must be the key's own: a public key is never used as an HMAC secret.
          if (!key || key.alg !== header.alg) throw invalid();
          return key.publicKey;
        },
        {
          algorithms: ring.algorithms(),
          issuer: options.issuer,
          audience: options.audience,
          typ: TYP[kind],
          clockTolerance: options.clockToleranceSec,
          currentDate: new Date(clock.now()),
          requiredClaims: ['jti', 'sub', 'exp', 'iat'],
        },
      ));
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw new AppError('E_UNAUTHENTICATED', 'The token has expired.', { cause: e });
      throw invalid(e);
    }
    const { sub, jti, iat, exp, ver, fam, mfa_at: mfaAt } = payload as Record<string, unknown>;
    if (
      typeof sub !== 'string' ||
      typeof jti !== 'string' ||
      typeof ver !== 'number' ||
      typeof iat !== 'number' ||
      typeof exp !== 'number'
    ) {
      throw invalid();
    }
    return {
      sub,
      jti,
      ver,
      issuedAt: iat * 1000,
      expiresAt: exp * 1000,
      ...(typeof fam === 'string' ? { fam } : {}),
      ...(typeof mfaAt === 'number' ? { mfaAt } : {}),
    };
  }
}
