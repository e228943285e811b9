import Foundation

/// What a learner could do next to raise the score, said in one plain sentence:
/// "Thiếu 4 điểm ở chỉ số 1.3: cần thêm 6 giờ sinh hoạt tại trung tâm."
package enum NextStep {
    struct Step {
        var code: String
        var gain: Double
        var phrase: String
    }

    /// `byLearner`: only steps the learner can take alone (come, learn, bring the family, teach),
    /// for the kiosk, which must not ask a learner for a plan or an assessment only staff make.
    package static func sentence(_ score: LearnerScore, facts: LearnerFacts, ruleset: Ruleset, byLearner: Bool = false) -> String? {
        let n = ScoreEngine.number
        let steps = score.indicators.compactMap { step(for: $0, facts: facts, ruleset: ruleset, byLearner: byLearner) }
        if score.recognized {
            let title = "Đã đạt \"Công dân học tập\" năm \(score.year) với \(n(score.total)) điểm"
            guard let best = steps.max(by: { $0.gain < $1.gain }) else { return title + "." }
            return "\(title); để thêm \(n(best.gain)) điểm ở chỉ số \(best.code): \(best.phrase)."
        }
        let weak = score.indicators.filter { $0.points + 1e-9 < ruleset.minIndicatorPoints }.min { $0.points < $1.points }
        if let weak, let step = steps.first(where: { $0.code == weak.code }) {
            return "Chỉ số \(weak.code) mới được \(n(weak.points)) điểm, cần ít nhất \(n(ruleset.minIndicatorPoints)): \(step.phrase)."
        }
        let deficit = max(0, ruleset.passMark - score.total)
        if let enough = steps.first(where: { $0.gain + 1e-9 >= deficit }) {
            return "Thiếu \(n(deficit)) điểm ở chỉ số \(enough.code): \(enough.phrase)."
        }
        guard let best = steps.max(by: { $0.gain < $1.gain }) else { return nil }
        return "Thiếu \(n(deficit)) điểm; bước gần nhất ở chỉ số \(best.code): \(best.phrase) (thêm \(n(best.gain)) điểm)."
    }

    /// The nearest step up for one indicator: the next tier of a record source, or else an assessment.
    static func step(for scored: IndicatorScore, facts: LearnerFacts, ruleset: Ruleset, byLearner: Bool = false) -> Step? {
        guard scored.points + 1e-9 < scored.max, let indicator = ruleset.indicator(scored.code) else { return nil }
        let n = ScoreEngine.number
        var best: Step?
        func offer(_ points: Double, _ phrase: String) {
            let gain = min(points, scored.max) - scored.points
            if gain > 1e-9, best == nil || gain > best!.gain { best = Step(code: scored.code, gain: gain, phrase: phrase) }
        }
        for source in ruleset.sources(of: indicator, targetGroup: facts.targetGroup) {
            switch source {
            case .visits(let purposes, let tiers):
                let count = Double(facts.visits(for: purposes))
                if let tier = Ruleset.Tier.next(tiers, above: count) {
                    offer(tier.points, "cần thêm \(n(tier.atLeast - count)) lượt \(purposes.map(ScoreEngine.label).joined(separator: ", "))")
                }
            case .hours(let categories, let tiers):
                let hours = facts.hours(in: categories)
                if let tier = Ruleset.Tier.next(tiers, above: hours) {
                    let missing = ((tier.atLeast - hours) * 4).rounded(.up) / 4
                    let what = categories.contains("*") ? "sinh hoạt tại trung tâm" : "học " + categories.map(ScoreEngine.label).joined(separator: ", ")
                    offer(tier.points, "cần thêm \(n(missing)) giờ \(what)")
                }
            case .plan(let points):
                if !facts.hasPlan && !byLearner { offer(points, "cần lập kế hoạch học tập cá nhân của năm") }
            case .householdMembers(let tiers):
                let count = Double(facts.householdMembersLearning)
                if let tier = Ruleset.Tier.next(tiers, above: count) {
                    offer(tier.points, "cần thêm \(n(tier.atLeast - count)) người trong gia đình cùng tham gia học")
                }
            case .digitalSkills(let levels):
                let current = facts.digitalSkills.flatMap { levels[$0] } ?? 0
                if !byLearner, let (level, points) = levels.filter({ $0.value > current }).min(by: { $0.value < $1.value }) {
                    offer(points, "cần được đánh giá kỹ năng số mức \(ScoreEngine.skillLabel(level))")
                }
            case .teaching(let tiers):
                if let tier = Ruleset.Tier.next(tiers, above: Double(facts.taught)) {
                    offer(tier.points, "cần tham gia dạy \(n(tier.atLeast - Double(facts.taught))) buổi học tại trung tâm")
                }
            }
        }
        if best == nil && !byLearner { offer(scored.max, "cần chi hội khuyến học đánh giá (\(indicator.name.lowercased()))") }
        return best
    }
}
