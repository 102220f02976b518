// json and jsonb in the engine. Expected values were measured on
// PostgreSQL 15 (the golden 46_jsonb holds the same behaviours end to end).
import Testing

@testable import Engine

@Suite("json and jsonb")
struct JSONTests {
    /// The error `sql` raises.
    private func failure(_ db: Database, _ sql: String) -> SQLError? {
        do {
            _ = try db.execute(sql)
            return nil
        } catch let e as SQLError {
            return e
        } catch {
            return nil
        }
    }

    @Test func jsonbInputIsNormalised() throws {
        #expect(
            try JSONText.normalize(#"{"b":1, "a":2, "aa":3, "a":4}"#)
                == #"{"a": 4, "b": 1, "aa": 3}"#)
        #expect(try JSONText.normalize("[1.0, 1e2, -0, 1E-2]") == "[1.0, 100, 0, 0.01]")
        #expect(try JSONText.validate(" [1,  2] ") == " [1,  2] ")
    }

    @Test func syntaxErrorsCarryDetailAndContext() throws {
        let db = Database(engine: Engine())
        let e = failure(db, #"SELECT '{"a" 1}'::jsonb"#)
        #expect(e?.sqlState == "22P02")
        #expect(e?.detail == #"Expected ":", but found "1"."#)
        #expect(e?.context == #"JSON data, line 1: {"a" 1..."#)
        let multiline = failure(db, "SELECT E'[1,\\n2,\\n3x]'::jsonb")
        #expect(multiline?.detail == #"Token "3x" is invalid."#)
        #expect(multiline?.context == "JSON data, line 3: 3x...")
        let nul = failure(db, #"SELECT '"\u0000"'::jsonb"#)
        #expect(nul?.sqlState == "22P05")
        #expect(try db.execute(#"SELECT '"\u0000"'::json"#).string(0, 0) == #""\u0000""#)
    }

    /// PostgreSQL refuses 100000 nested arrays with 54001 too.
    @Test func deepNestingIsAnErrorNotACrash() throws {
        let db = Database(engine: Engine())
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let e = failure(db, "SELECT jsonb_typeof('\(deep)')")
        #expect(e?.sqlState == "54001")
        #expect(e?.message == "stack depth limit exceeded")
    }

    /// Random text over JSON's alphabet either parses or raises an
    /// SQLError; when it parses, jsonb's output parses back to itself.
    @Test func randomInputNeverCrashes() throws {
        let alphabet = Array("{}[],:\"\\u0aé1-.eE tfn\n\u{1}")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let length = Int.random(in: 0...24, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            for jsonb in [false, true] {
                do {
                    let out = jsonb ? try JSONText.normalize(text) : try JSONText.validate(text)
                    if jsonb { #expect(try JSONText.normalize(out) == out) }
                } catch is SQLError {
                    continue
                }
            }
        }
    }

    @Test func jsonbOrderPutsTheEmptyArrayFirst() throws {
        let texts = ["{}", "[1]", "true", "1", "\"a\"", "null", "[]", #"{"a": 1}"#]
        let sorted = try texts.map { try JSONText.jsonb($0) }.sorted {
            JSONText.compare($0, $1) < 0
        }.map(JSONText.render)
        #expect(sorted == ["[]", "null", "\"a\"", "1", "true", "[1]", "{}", #"{"a": 1}"#])
        let one = try JSONText.jsonb("1")
        let onePointZero = try JSONText.jsonb("1.0")
        #expect(JSONText.compare(one, onePointZero) == 0)
    }

    @Test func containment() throws {
        func contains(_ a: String, _ b: String) throws -> Bool {
            JSONText.contains(try JSONText.jsonb(a), try JSONText.jsonb(b))
        }
        #expect(try contains(#"{"a": 1, "b": [1, 2, 3]}"#, #"{"b": [3, 1]}"#))
        #expect(try contains("[1, 2]", "1"))
        #expect(try !contains("1", "[1]"))
        #expect(try !contains(#"{"a": [1, 2]}"#, #"{"a": 1}"#))
        #expect(try contains("[1, [2, 3]]", "[[3]]"))
    }

    @Test func groupingTreatsEqualNumbersAsOne() throws {
        let db = Database(engine: Engine())
        let r = try db.execute(
            #"SELECT j, count(*) FROM (VALUES ('{"n": 3}'::jsonb), ('{"n": 3.0}')) v(j) "#
                + "GROUP BY j")
        #expect(r.rows.count == 1)
        #expect(r.string(0, 1) == "2")
    }

    @Test func aggregatesStayLinearOverManyRows() throws {
        let db = Database(engine: Engine())
        let r = try db.execute(
            "SELECT jsonb_array_length(jsonb_agg(g)), "
                + "jsonb_object_agg('k' || g % 50000, g) -> 'k7' "
                + "FROM generate_series(1, 100000) g")
        #expect(r.string(0, 0) == "100000")
        #expect(r.string(0, 1) == "50007")
    }

    @Test func setPathEdits() throws {
        let db = Database(engine: Engine())
        let r = try db.execute(
            #"SELECT jsonb_set('[1, 2, 3]', '{-10}', '9'), "#
                + #"jsonb_insert('{"a": [1, 2]}', '{a,-1}', '9'), "#
                + #"'{"a": {"b": [1, 2, 3]}}'::jsonb #- '{a,b,1}'"#)
        #expect(r.string(0, 0) == "[9, 1, 2, 3]")
        #expect(r.string(0, 1) == #"{"a": [1, 9, 2]}"#)
        #expect(r.string(0, 2) == #"{"a": {"b": [1, 3]}}"#)
        let e = failure(db, #"SELECT jsonb_insert('{"a": 1}', '{a}', '2')"#)
        #expect(e?.message == "cannot replace existing key")
        #expect(e?.hint == "Try using the function jsonb_set to replace key value.")
    }
}
