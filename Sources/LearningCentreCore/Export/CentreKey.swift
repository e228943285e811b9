import CSodium
import Foundation
import GRDB

/// The centre's Ed25519 key pair (libsodium), made on first use and kept in the database with
/// everything else the centre owns (a backup carries it; a restore keeps the same identity).
/// Export bundles are signed with it; the association registers the public key.
public struct CentreKey: Sendable {
    public let publicKey: [UInt8]
    let secretKey: [UInt8]

    public var publicKeyBase64: String { Data(publicKey).base64EncodedString() }

    /// A detached signature of `message`.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        precondition(sodium_init() >= 0, "libsodium could not be initialised")
        var signature = [UInt8](repeating: 0, count: Int(crypto_sign_BYTES))
        _ = crypto_sign_detached(&signature, nil, message, UInt64(message.count), secretKey)
        return signature
    }

    /// Whether `signature` of `message` was made by the holder of `publicKey`.
    public static func verify(_ signature: [UInt8], of message: [UInt8], publicKey: [UInt8]) -> Bool {
        guard signature.count == Int(crypto_sign_BYTES), publicKey.count == Int(crypto_sign_PUBLICKEYBYTES), sodium_init() >= 0 else {
            return false
        }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
    }
}

extension Store {
    /// The centre's key pair, made in the same transaction that first asks for it.
    public func centreKey() throws -> CentreKey {
        try write { db in
            let stored = try Row.fetchAll(db, sql: "SELECT key, value FROM centre WHERE key IN ('signingPublicKey', 'signingSecretKey')")
            let values = Dictionary(uniqueKeysWithValues: stored.map { ($0[0] as String, $0[1] as String) })
            if let pub = values["signingPublicKey"].flatMap({ Data(base64Encoded: $0) }),
               let sec = values["signingSecretKey"].flatMap({ Data(base64Encoded: $0) }) {
                return CentreKey(publicKey: [UInt8](pub), secretKey: [UInt8](sec))
            }
            guard sodium_init() >= 0 else { throw SystemError("không khởi động được thư viện mã hóa (libsodium)") }
            var pub = [UInt8](repeating: 0, count: Int(crypto_sign_PUBLICKEYBYTES))
            var sec = [UInt8](repeating: 0, count: Int(crypto_sign_SECRETKEYBYTES))
            guard crypto_sign_keypair(&pub, &sec) == 0 else { throw SystemError("không tạo được cặp khóa ký của trung tâm") }
            try db.execute(sql: "INSERT INTO centre(key, value) VALUES ('signingPublicKey', ?), ('signingSecretKey', ?)",
                           arguments: [Data(pub).base64EncodedString(), Data(sec).base64EncodedString()])
            return CentreKey(publicKey: pub, secretKey: sec)
        }
    }

    /// The centre's id (made with the database).
    public func centreId() throws -> String {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM centre WHERE key = 'centreId'") ?? "" }
    }
}
