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

/// A centre with the demo commune's records (`learners` of them) and the shipped criteria.
func demoCentre(learners: Int = 60, seed: UInt64 = 2022) throws -> Store {
    let store = try makeStore()
    try store.installRulesets(from: repositoryRoot + "/rulesets")
    var demo = DemoCommune(learnerCount: learners)
    demo.seed = seed
    _ = try demo.fill(store)
    return store
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

/// Delivers `bundles` to an association out of order, `twice` of them a second time, `batch` at a
/// time, through `deliver` (the outcome kind and path of each); what waits for an earlier one
/// comes again later. Answers how many waited, how many were duplicates, how many never landed.
func deliverShuffled(_ bundles: [String], twice: Int, batch: Int, random: inout SplitMix,
                     deliver: ([String]) throws -> [(kind: ImportOutcome.Kind, path: String)]) throws -> (waited: Int, duplicates: Int, left: Int) {
    var pending = bundles + (0..<twice).map { _ in bundles[random.next(bundles.count)] }
    for index in pending.indices.reversed() { pending.swapAt(index, random.next(index + 1)) }
    var rounds = 0, waited = 0, duplicates = 0
    while !pending.isEmpty && rounds < 200 {
        rounds += 1
        let next = Array(pending.prefix(batch))
        pending.removeFirst(next.count)
        for outcome in try deliver(next) {
            if outcome.kind == .waiting { waited += 1; pending.append(outcome.path) }
            if outcome.kind == .duplicate { duplicates += 1 }
        }
    }
    return (waited, duplicates, pending.count)
}
