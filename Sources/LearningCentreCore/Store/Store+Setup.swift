import Foundation
import GRDB

/// One step of a new centre's first run, and whether it is done.
public struct SetupStep: Sendable, Equatable {
    /// `villages`, `households`, `units`, `learners`, `sessions`, `cards`.
    public var code: String
    public var done: Bool
}

extension Store {
    /// What a new manager does first, in order: villages before households and learners (a
    /// learner lives in a village), units, the first class, then printing the cards. Done when
    /// each has at least one record (cards: one sheet printed).
    public func setupSteps() throws -> [SetupStep] {
        try read { db in
            var steps: [SetupStep] = []
            for (code, table) in [("villages", "villages"), ("households", "households"), ("units", "units"), ("learners", "learners"),
                                  ("sessions", "sessions")] {
                steps.append(SetupStep(code: code, done: try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table))") ?? false))
            }
            let printed = try String.fetchOne(db, sql: "SELECT value FROM centre WHERE key = 'cardsPrintedAt'") != nil
            steps.append(SetupStep(code: "cards", done: printed))
            return steps
        }
    }

    /// Notes that a sheet of cards was opened for printing (the first-run checklist's last step).
    public func noteCardsPrinted() throws {
        try write { db in
            try db.execute(sql: "INSERT INTO centre(key, value) VALUES ('cardsPrintedAt', ?) ON CONFLICT(key) DO NOTHING",
                           arguments: [String(Store.nowMillis())])
        }
    }
}
