import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// A centre's submitted reports and closed years travel in its bundles (their SHA-256, not the
/// reports), the association shows them per centre, and a delivered bundle marks the submission
/// it carried as sent.
@Suite struct YearsInBundlesTests {
    @Test func submissionsAndClosuresReachTheAssociationAndDeliveryMarksThemSent() throws {
        let centre = try TestCentre()
        let manager = try centre.login()
        let year = LocalDay.year(of: Store.nowMillis())
        let village = try centre.village("Thôn Phiêng Lằn", login: manager)
        _ = try centre.create("/api/learners", ["fullName": "Lường Văn Piêng", "gender": "male", "birthYear": 1966, "villageId": village,
                                                "registeredOn": "\(year - 1)-05-01"], login: manager)
        let submitted = centre.send("POST", "/api/years/\(year)/submit", login: manager)
        let closed = centre.send("POST", "/api/years/\(year - 1)/close", login: manager)
        #expect(submitted.status == 201 && closed.status == 200, "\(submitted.bodyText) \(closed.bodyText)")

        // The association answers 200: the bundle that carried the submission marks it sent.
        let association = try FakeAssociation(answer: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        var settings = try centre.store.settings()
        settings.pushURL = "http://127.0.0.1:\(association.port)"
        try centre.store.saveSettings(settings, actor: nil)
        let bundle = try centre.store.exportForTest()
        #expect(try bundleRows(bundle, "year_submissions.csv").count == 2)
        #expect(try bundleRows(bundle, "year_closures.csv").dropFirst().first?.first == String(year - 1))
        _ = Delivery(store: centre.store, usbRoots: []).run(now: Store.nowMillis())
        let status = centre.send("GET", "/api/years", login: manager).json["items"]?.arrayValue?.first { $0["year"] == .number(Double(year)) }
        #expect(status?["submissions"]?.arrayValue?.first?["sent"]?["how"] == "bundle", "\(String(describing: status))")

        // Reopening travels as a deletion; the association shows what each centre submitted and closed.
        #expect(centre.send("POST", "/api/years/\(year - 1)/reopen", json: ["reason": "bổ sung"], login: manager).status == 200)
        let next = try centre.store.exportForTest()
        let store = try makeAssociation(registering: [centre.store])
        let outcomes = try store.receiveBundles([bundle.tarballPath, next.tarballPath])
        #expect(outcomes.allSatisfy { $0.kind == .applied }, "\(outcomes.map(\.message))")
        let years = try store.centreYears()[try centre.store.centreId()] ?? []
        #expect(years.count == 1, "\(years)")
        #expect(years.first?["kind"] == "submitted")
        #expect(years.first?["sent"] == "bundle")
        #expect(years.first?["reportSha256"] == submitted.json["reportSha256"])
    }
}
