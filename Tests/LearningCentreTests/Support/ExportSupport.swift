import Foundation
import GRDB
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

/// An association's store under test, either kind: its SQLite file, or a database of the
/// shared PostgreSQL test server (each import followed by the scoring, as the command does).
final class AssociationUnderTest {
    let sqlite: Store?
    let postgres: PostgresAssociation?
    let connection: PostgresConnection?

    static let kinds = ["sqlite", "postgresql"]

    init(_ kind: String, registering centres: [Store]) throws {
        if kind == "sqlite" {
            sqlite = try makeAssociation(registering: centres)
            (postgres, connection) = (nil, nil)
            return
        }
        let url = try PostgresServer.shared.get().makeDatabase()
        let postgres = try PostgresAssociation(url: url, rulesets: repositoryRoot + "/rulesets")
        for (index, centre) in centres.enumerated() {
            try postgres.registerCentre(id: try centre.centreId(), name: "Trung tâm \(index + 1)", publicKey: try centre.centreKey().publicKeyBase64)
        }
        (sqlite, self.postgres, connection) = (nil, postgres, try PostgresConnection(url))
    }

    func importBundles(_ paths: [String]) throws -> [ImportOutcome] {
        if let sqlite { return try sqlite.importBundles(paths) }
        let outcomes = try postgres!.importBundles(paths)
        try postgres!.scoreChangedCommunes()
        return outcomes
    }

    /// The first column of the first row, as text (numbers as their `Double`'s text in both).
    func value(_ sql: String, _ arguments: [String] = []) throws -> String? {
        let text: String?
        if let sqlite {
            switch try sqlite.read({ db in try DatabaseValue.fetchOne(db, sql: sql, arguments: StatementArguments(arguments)) })?.storage {
            case .int64(let number): text = String(number)
            case .double(let number): text = String(number)
            case .string(let string): text = string
            case .blob, .null, nil: text = nil
            }
        } else {
            var index = 0
            let numbered = sql.map { character -> String in
                guard character == "?" else { return String(character) }
                index += 1
                return "$\(index)"
            }.joined()
            text = try connection!.query(numbered, arguments).first?[0] ?? nil
        }
        return text.map { Double($0).map { String($0) } ?? $0 }
    }
}
