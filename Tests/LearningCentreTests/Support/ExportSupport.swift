import Foundation
@testable import LearningCentre
@testable import LearningCentreCore

extension Store {
    var outboxForTests: String { (dataDirectory as NSString).appendingPathComponent("outbox") }

    /// The next bundle into this centre's outbox.
    @discardableResult
    func exportForTest(full: Bool = false) throws -> ExportRecord {
        try runExport(outbox: outboxForTests, full: full, requestedBy: "test")
    }
}

/// An association's database with these centres registered.
func makeAssociation(registering centres: [Store]) throws -> Store {
    let association = try makeStore()
    try association.installRulesets(from: repositoryRoot + "/rulesets")
    for (index, centre) in centres.enumerated() {
        try association.registerCentre(id: try centre.centreId(), name: "Trung tâm \(index + 1)", publicKey: try centre.centreKey().publicKeyBase64)
    }
    return association
}

/// The rows of a bundle's CSV file, header first, without the byte-order mark.
func bundleRows(_ record: ExportRecord, _ file: String) throws -> [[String]] {
    let reader = try CSVReader(path: (record.folder as NSString).appendingPathComponent(file))
    var rows: [[String]] = []
    while let row = try reader.next() { rows.append(row) }
    return rows
}
