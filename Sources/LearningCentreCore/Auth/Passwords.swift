import CSodium
import Foundation
import Synchronization

/// argon2id password hashes through libsodium, in its self-describing string form.
public enum Passwords {
    private static let initialized: Bool = sodium_init() >= 0
    /// Each hash takes 19 MiB for a few tens of milliseconds: one at a time keeps a login flood
    /// from taking the box's memory (the throttle stops the flood itself).
    private static let slots = DispatchSemaphore(value: 1)

    public static func hash(_ password: String) throws -> String {
        precondition(initialized, "libsodium could not be initialised")
        slots.wait(); defer { slots.signal() }
        var out = [CChar](repeating: 0, count: Int(crypto_pwhash_STRBYTES))
        let result = crypto_pwhash_str(&out, password, UInt64(password.utf8.count), lc_pwhash_opslimit(), lc_pwhash_memlimit())
        guard result == 0 else { throw SystemError("không đủ bộ nhớ để mã hóa mật khẩu (argon2id cần 19 MiB)") }
        return String(decoding: out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public static func verify(_ password: String, hash: String) -> Bool {
        precondition(initialized, "libsodium could not be initialised")
        slots.wait(); defer { slots.signal() }
        return crypto_pwhash_str_verify(hash, password, UInt64(password.utf8.count)) == 0
    }

    /// A random token as 43 url-safe characters (32 bytes).
    public static func randomToken() -> String {
        _ = initialized
        var bytes = [UInt8](repeating: 0, count: 32)
        randombytes_buf(&bytes, bytes.count)
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 (hex) of a session token: the database never holds a usable token.
    public static func tokenDigest(_ token: String) -> String {
        _ = initialized
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        let bytes = Array(token.utf8)
        crypto_hash_sha256(&out, bytes, UInt64(bytes.count))
        return Hex.encode(out)
    }

    /// Compares two strings in time that does not depend on where they differ.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return sodium_memcmp(x, y, x.count) == 0
    }
}

/// Lowercase hexadecimal, without Foundation's formatter (it runs on every request).
package enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    package static func encode(_ value: UInt64, width: Int) -> String {
        var out = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var v = value
        for i in stride(from: width - 1, through: 0, by: -1) { out[i] = digits[Int(v & 15)]; v >>= 4 }
        return String(decoding: out, as: UTF8.self)
    }
}
