import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The centre's signing key: made once, kept, printed for the association; its signatures verify
/// only for the same bytes and the same key.
@Suite struct CentreKeyTests {
    @Test func theKeyIsMadeOnceAndSignaturesVerifyOnlyUntouched() throws {
        let store = try makeStore()
        let key = try store.centreKey()
        #expect(try store.centreKey().publicKey == key.publicKey, "kept, not made again")
        let manifest = Array(#"{"sequence": 1}"#.utf8)
        let signature = key.sign(manifest)
        #expect(CentreKey.verify(signature, of: manifest, publicKey: key.publicKey))
        #expect(!CentreKey.verify(signature, of: Array(#"{"sequence": 2}"#.utf8), publicKey: key.publicKey), "a tampered manifest")
        let other = try makeStore().centreKey()
        #expect(!CentreKey.verify(signature, of: manifest, publicKey: other.publicKey), "another centre's key")
        #expect(!CentreKey.verify(Array(signature.prefix(10)), of: manifest, publicKey: key.publicKey))
    }

    @Test func theCommandPrintsTheSamePublicKeyEveryTime() throws {
        let data = temporaryDirectory()
        let first = try runCommand(["export", "--print-public-key", "--data", data])
        let second = try runCommand(["export", "--print-public-key", "--data", data])
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        let line = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("Khóa công khai") })
        let key = try #require(Data(base64Encoded: String(line.split(separator: " ").last ?? "")))
        #expect(key.count == 32)
        let bundle = try runCommand(["export", "--data", data, "--rulesets", repositoryRoot + "/rulesets"])
        #expect(bundle.status == 0, "\(bundle.stderr)")
        #expect(bundle.stdout.contains("-000001"), "the first bundle: \(bundle.stdout)")
    }
}
