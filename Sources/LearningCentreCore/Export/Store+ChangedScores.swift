import Foundation
import GRDB

extension Store {
    /// The scores a nightly bundle carries: those of the learners whose score may have moved with
    /// the changes in (from, to] (their own records, a household member's, a session they
    /// attended or taught), each computed from its own records; everyone's when the criteria
    /// changed. A full year's computation costs seconds on a large centre; this costs a few
    /// milliseconds per learner touched.
    func changedScores(year: Int, from: Int64, to: Int64) throws -> [LearnerScore] {
        let criteriaChanged = try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM rulesets WHERE change_seq > ?1 AND change_seq <= ?2)
                    OR EXISTS (SELECT 1 FROM ruleset_years WHERE change_seq > ?1 AND change_seq <= ?2)
                """, arguments: [from, to]) ?? false
        }
        if criteriaChanged { return try yearResults(year: year).scores }
        return try read { db in
            let ruleset = try ruleset(db, forYear: year)
            let learners = try String.fetchAll(db, sql: """
                WITH touched(id) AS (
                    SELECT id FROM learners WHERE change_seq > ?1 AND change_seq <= ?2
                    UNION SELECT learner_id FROM check_ins WHERE change_seq > ?1 AND change_seq <= ?2
                    UNION SELECT learner_id FROM assessments WHERE change_seq > ?1 AND change_seq <= ?2
                    UNION SELECT learner_id FROM learning_plans WHERE change_seq > ?1 AND change_seq <= ?2
                    UNION SELECT learner_id FROM digital_skills WHERE change_seq > ?1 AND change_seq <= ?2
                    UNION SELECT json_extract(key, '$[0]') FROM deletions WHERE entity = 'assessments' AND change_seq > ?1 AND change_seq <= ?2
                    UNION SELECT c.learner_id FROM sessions s JOIN check_ins c ON c.session_seq = s.seq WHERE s.change_seq > ?1 AND s.change_seq <= ?2
                    UNION SELECT instructor_id FROM sessions WHERE instructor_id IS NOT NULL AND change_seq > ?1 AND change_seq <= ?2
                    UNION SELECT learner_id FROM memberships WHERE change_seq > ?1 AND change_seq <= ?2
                    UNION SELECT json_extract(key, '$[0]') FROM deletions WHERE entity = 'memberships' AND change_seq > ?1 AND change_seq <= ?2
                )
                SELECT id FROM learners WHERE id IN touched
                    OR id IN (SELECT learner_id FROM memberships WHERE household_id IN (
                        SELECT household_id FROM memberships WHERE household_id IS NOT NULL AND learner_id IN touched))
                ORDER BY seq
                """, arguments: [from, to])
            let counted = try Store.yearMemberships(db, year: year)
            return try learners.filter { counted[$0] != nil }.map { id in
                ScoreEngine.score(try Store.facts(db, learnerId: id, year: year, ruleset: ruleset, withDetails: false), year: year,
                                  ruleset: ruleset, evidence: false)
            }
        }
    }
}
