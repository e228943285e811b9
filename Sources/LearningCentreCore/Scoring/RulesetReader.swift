import Foundation

/// Reads and checks a ruleset file. Every error names the field by its path
/// ("indicators[3].sources[0].tiers[1].points") and says in Vietnamese what is wrong.
extension Ruleset {
    public static func read(_ bytes: [UInt8]) throws -> Ruleset {
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch {
            throw DomainError(.malformed, "bad_json", "Tệp bộ tiêu chí không phải JSON hợp lệ: \(error). Hãy kiểm tra lại dấu ngoặc và dấu phẩy.")
        }
        return try read(value)
    }

    public static func read(_ value: JSONValue) throws -> Ruleset {
        let root = Node(value: value, path: "")
        let id = try root.string("id")
        guard id.range(of: "^[a-z0-9][a-z0-9.-]{1,59}$", options: .regularExpression) != nil else {
            throw DomainError.invalid("id", "Mã bộ tiêu chí chỉ gồm chữ thường không dấu, số, dấu chấm và gạch ngang (ví dụ cdht-2024).")
        }
        let indicators = try root.array("indicators").map(indicator)
        guard !indicators.isEmpty else { throw DomainError.invalid("indicators", "Bộ tiêu chí cần ít nhất một chỉ số.") }
        var seen = Set<String>()
        for (i, item) in indicators.enumerated() where !seen.insert(item.code).inserted {
            throw DomainError.invalid("indicators[\(i)].code", "Mã chỉ số \"\(item.code)\" bị lặp.")
        }
        var groups: [String: TargetGroup] = [:]
        let groupsNode = try root.object("targetGroups")
        for (code, node) in try groupsNode.members() {
            guard LearningCentreCore.TargetGroup.codes.contains(code) else {
                throw DomainError.invalid(node.path, "Nhóm đối tượng \"\(code)\" không có; dùng một trong: \(LearningCentreCore.TargetGroup.codes.joined(separator: ", ")).")
            }
            var overrides: [String: [PointSource]] = [:]
            for (indicatorCode, sources) in try node.object("overrides").members() {
                guard let indicator = indicators.first(where: { $0.code == indicatorCode }) else {
                    throw DomainError.invalid(sources.path, "Không có chỉ số \"\(indicatorCode)\" để thay nguồn điểm.")
                }
                overrides[indicatorCode] = try sources.elements().map { try source($0, max: indicator.max) }
            }
            groups[code] = TargetGroup(name: try node.string("name"), overrides: overrides)
        }
        let passMark = try root.number("passMark", in: 0...1000)
        let total = indicators.reduce(0) { $0 + $1.max }
        guard passMark <= total else {
            throw DomainError.invalid("passMark", "Điểm đạt (\(passMark)) lớn hơn tổng điểm tối đa của các chỉ số (\(total)).")
        }
        var targets = try root.array("targets").map(target)
        if !targets.contains(where: { $0.code == "T10" }) { targets.append(Ruleset.briefingTarget) }
        for code in targetCodes where !targets.contains(where: { $0.code == code }) {
            throw DomainError.invalid("targets", "Thiếu chỉ tiêu \(code).")
        }
        var ruleset = Ruleset(id: id, version: Int(try root.number("version", in: 1...1_000_000)), name: try root.string("name"),
                              description: try root.string("description", optional: true) ?? "", passMark: passMark,
                              minIndicatorPoints: try root.number("minIndicatorPoints", in: 0...100), indicators: indicators,
                              targetGroups: groups, titles: try titles(root.object("titles")), targets: targets, source: value)
        if root.has("minVisitMinutes") { ruleset.minVisitMinutes = try root.number("minVisitMinutes", in: 0...600) }
        return ruleset
    }

    private static func indicator(_ node: Node) throws -> Indicator {
        let code = try node.string("code")
        let max = try node.number("max", in: 1...100)
        return Indicator(code: code, group: try node.string("group"), name: try node.string("name"),
                         description: try node.string("description", optional: true) ?? "", max: max,
                         sources: try node.array("sources").map { try source($0, max: max) })
    }

    private static func source(_ node: Node, max: Double) throws -> PointSource {
        let kind = try node.string("kind")
        func tiers() throws -> [Tier] {
            let tiers = try node.array("tiers").map { tier in
                Tier(atLeast: try tier.number("atLeast", in: 0...100_000), points: try tier.number("points", in: 0...max))
            }
            guard !tiers.isEmpty else { throw DomainError.invalid(node.path + ".tiers", "Cần ít nhất một bậc điểm.") }
            return tiers
        }
        switch kind {
        case "visits":
            let purposes = try node.array("purposes").map { try $0.string(in: VisitPurpose.codes) }
            return .visits(purposes: purposes, tiers: try tiers())
        case "hours":
            let categories = try node.array("categories").map { try $0.string(in: ["*"] + SessionCategory.codes + VisitPurpose.codes) }
            return .hours(categories: categories, tiers: try tiers())
        case "plan": return .plan(points: try node.number("points", in: 0...max))
        case "householdMembers": return .householdMembers(tiers: try tiers())
        case "teaching": return .teaching(tiers: try tiers())
        case "digitalSkills":
            var levels: [SkillLevel: Double] = [:]
            for (code, points) in try node.object("levels").members() {
                guard let level = SkillLevel(rawValue: code) else {
                    throw DomainError.invalid(points.path, "Trình độ \"\(code)\" không có; dùng none, basic hoặc proficient.")
                }
                levels[level] = try points.number(in: 0...max)
            }
            return .digitalSkills(levels: levels)
        default:
            throw DomainError.invalid(node.path + ".kind", "Nguồn điểm \"\(kind)\" không có; dùng một trong: \(kinds.joined(separator: ", ")).")
        }
    }

    private static func titles(_ node: Node) throws -> TitleRules {
        let family = try node.object("learningFamily"), clan = try node.object("learningClan")
        let community = try node.object("learningCommunity"), unit = try node.object("learningUnit")
        func facts(_ node: Node, _ kind: String) throws -> [String] {
            try node.array("requiresFacts").map { fact in
                let name = try fact.string(in: Array(Ruleset.facts.keys).sorted())
                guard Ruleset.facts[name] == kind else {
                    throw DomainError.invalid(fact.path, "Điều kiện \"\(name)\" không thuộc về loại nhóm này.")
                }
                return name
            }
        }
        let from = Int(try family.number("adultFromAge", in: 10...100)), to = Int(try family.number("adultToAge", in: 10...120))
        guard from <= to else { throw DomainError.invalid(family.path + ".adultToAge", "Tuổi lớn nhất phải không nhỏ hơn tuổi nhỏ nhất.") }
        return TitleRules(
            familyName: try family.string("name"), adultFromAge: from, adultToAge: to,
            everyAdultHasRecord: try family.bool("everyAdultHasRecord"),
            familyCitizenShare: try family.number("learningCitizenShareOfAdults", in: 0...1), familyFacts: try facts(family, "household"),
            clanName: try clan.string("name"), clanFamilyShare: try clan.number("learningFamilyShare", in: 0...1), clanFacts: try facts(clan, "clan"),
            communityName: try community.string("name"), communityFamilyShare: try community.number("learningFamilyShare", in: 0...1),
            communityFacts: try facts(community, "village"),
            unitName: try unit.string("name"), unitCitizenShare: try unit.number("learningCitizenShare", in: 0...1),
            unitLevel2Share: try unit.number("level2Share", in: 0...1), unitFacts: try facts(unit, "unit"))
    }

    private static func target(_ node: Node) throws -> Target {
        Target(code: try node.string(in: targetCodes, key: "code"), name: try node.string("name"),
               target2025: try node.number("target2025", in: 0...100), target2030: try node.number("target2030", in: 0...100),
               officerITHours: try node.has("officerITHours") ? node.number("officerITHours", in: 0...1000) : nil)
    }
}

/// A value in the file with its path, for errors that name the field.
private struct Node {
    let value: JSONValue
    let path: String

    func child(_ key: String) -> Node { Node(value: value[key] ?? .null, path: path.isEmpty ? key : "\(path).\(key)") }
    func has(_ key: String) -> Bool { value[key] != nil && value[key] != .null }

    func fail(_ message: String) -> DomainError { DomainError.invalid(path, message) }

    func string(_ key: String) throws -> String { try string(key, optional: false)! }
    func string(_ key: String, optional: Bool) throws -> String? {
        let node = child(key)
        if node.value == .null && optional { return nil }
        guard let text = node.value.stringValue, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw node.fail("Cần một chuỗi chữ (không để trống) ở \"\(node.path)\".")
        }
        return text
    }
    func string(in allowed: [String], key: String? = nil) throws -> String {
        let node = key.map(child) ?? self
        guard let text = node.value.stringValue, allowed.contains(text) else {
            throw node.fail("Giá trị ở \"\(node.path)\" phải là một trong: \(allowed.joined(separator: ", ")).")
        }
        return text
    }
    func number(_ key: String, in range: ClosedRange<Double>) throws -> Double { try child(key).number(in: range) }
    func number(in range: ClosedRange<Double>) throws -> Double {
        guard let n = value.numberValue, range.contains(n) else {
            throw fail("Cần một số từ \(Store.roundHours(range.lowerBound)) đến \(Store.roundHours(range.upperBound)) ở \"\(path)\".")
        }
        return n
    }
    func bool(_ key: String) throws -> Bool {
        let node = child(key)
        guard let b = node.value.boolValue else { throw node.fail("Cần true hoặc false ở \"\(node.path)\".") }
        return b
    }
    func object(_ key: String) throws -> Node {
        let node = child(key)
        guard node.value.objectValue != nil else { throw node.fail("Cần một đối tượng { … } ở \"\(node.path)\".") }
        return node
    }
    func members() throws -> [(String, Node)] {
        (value.objectValue ?? [:]).keys.sorted().map { ($0, child($0)) }
    }
    func array(_ key: String) throws -> [Node] { try child(key).elements() }
    func elements() throws -> [Node] {
        guard let items = value.arrayValue else { throw fail("Cần một danh sách [ … ] ở \"\(path)\".") }
        return items.indices.map { Node(value: items[$0], path: "\(path)[\($0)]") }
    }
}
