// HS256 JWTs with node:crypto: the bench signs the tokens its clients present (CONTRACT §2 claims),
// and the reference server verifies them the same way.
import { createHmac, timingSafeEqual } from "node:crypto";

const b64 = (value) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

export function sign(secret, userId, name, ttlSeconds = 6 * 3600) {
  const head = b64({ alg: "HS256", typ: "JWT" });
  const body = b64({ sub: String(userId), name, exp: Math.floor(Date.now() / 1000) + ttlSeconds });
  const mac = createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${mac}`;
}

/** The claims of a valid token, or null (bad shape, wrong signature, expired). */
export function verify(secret, token) {
  if (typeof token !== "string") return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const expected = createHmac("sha256", secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString());
    if (typeof claims.exp !== "number" || claims.exp * 1000 < Date.now()) return null;
    if (!/^[1-9][0-9]{0,9}$/.test(String(claims.sub))) return null;
    return claims;
  } catch {
    return null;
  }
}
