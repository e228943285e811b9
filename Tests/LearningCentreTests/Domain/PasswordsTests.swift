import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct PasswordsTests {
    @Test func hashesWithArgon2idAndVerifies() throws {
        let hash = try Passwords.hash("mật khẩu dài")
        #expect(hash.hasPrefix("$argon2id$"))
        #expect(hash.contains("m=19456,t=2,p=1"))
        #expect(Passwords.verify("mật khẩu dài", hash: hash))
        #expect(!Passwords.verify("mat khau dai", hash: hash))
        #expect(try Passwords.hash("mật khẩu dài") != hash)  // salted
    }

    @Test func tokensAreRandomAndDigestsStable() {
        let a = Passwords.randomToken(), b = Passwords.randomToken()
        #expect(a != b)
        #expect(a.count == 43)
        #expect(Passwords.tokenDigest(a) == Passwords.tokenDigest(a))
        #expect(Passwords.tokenDigest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
