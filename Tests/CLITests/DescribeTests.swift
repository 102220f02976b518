// The describe commands against an embedded node: psql's name patterns,
// and `\d NAME` output checked against what psql 15.18 printed for the
// same commands on PostgreSQL 15.18.

import Testing

@testable import citus_sim

/// Parses `text` as a relation pattern in database `citus`.
private func relationPattern(_ text: String) -> DescribePattern? {
    if case .success(let pattern) = DescribePattern.parse(text, maxParts: 2, database: "citus") {
        return pattern
    }
    return nil
}

@Suite struct DescribePatternTests {
    @Test func wildcardsAndCaseFolding() throws {
        let pattern = try #require(relationPattern("HTTP_req*"))
        #expect(pattern.matches(schema: "public", name: "http_request", isVisible: true))
        #expect(pattern.matches(schema: "public", name: "http_request_1min", isVisible: true))
        #expect(!pattern.matches(schema: "public", name: "HTTP_request", isVisible: true))
        let single = try #require(relationPattern("t?"))
        #expect(single.matches(schema: "public", name: "t1", isVisible: true))
        #expect(!single.matches(schema: "public", name: "t12", isVisible: true))
    }

    @Test func quotesKeepCaseAndEscapeRegex() throws {
        let pattern = try #require(relationPattern("\"Odd.Name*\""))
        #expect(pattern.matches(schema: "public", name: "Odd.Name*", isVisible: true))
        #expect(!pattern.matches(schema: "public", name: "Odd.Names", isVisible: true))
    }

    @Test func schemaPartSkipsVisibility() throws {
        let pattern = try #require(relationPattern("reporting.*"))
        #expect(pattern.matches(schema: "reporting", name: "daily", isVisible: false))
        #expect(!pattern.matches(schema: "public", name: "daily", isVisible: true))
        let bare = try #require(relationPattern("daily"))
        #expect(!bare.matches(schema: "reporting", name: "daily", isVisible: false))
    }

    @Test func dottedNames() {
        if case .failure(let error) = DescribePattern.parse(
            "x.y.z", maxParts: 2, database: "citus")
        {
            #expect(error.message == "cross-database references are not implemented: x.y.z")
        } else {
            Issue.record("x.y.z should be rejected")
        }
        if case .failure(let error) = DescribePattern.parse(
            "a.b.c.d", maxParts: 2, database: "citus")
        {
            #expect(error.message == "improper qualified name (too many dotted names): a.b.c.d")
        } else {
            Issue.record("a.b.c.d should be rejected")
        }
        #expect(relationPattern("citus.public.t") != nil)
    }
}

@Suite struct DescribeCommandTests {
    @Test func tableWithDefaultsKeysAndChecks() {
        let outcome = EmbeddedCLI.run([
            "-X", "-c",
            "CREATE TABLE t (a int PRIMARY KEY, b bigint DEFAULT 1 + 2, "
                + "c text CHECK (c <> 'x' AND length(c) < 5))",
            "-c", "\\d t", "-c", "\\d T",
        ])
        let table = """
                             Table "public.t"
             Column |  Type   | Collation | Nullable | Default 
            --------+---------+-----------+----------+---------
             a      | integer |           | not null | 
             b      | bigint  |           |          | (1 + 2)
             c      | text    |           |          | 
            Indexes:
                "t_pkey" PRIMARY KEY, btree (a)
            Check constraints:
                "t_c_check" CHECK (c <> 'x'::text AND length(c) < 5)


            """
        #expect(outcome.text == "CREATE TABLE\n" + table + table)
        #expect(outcome.status == 0)
    }

    @Test func missingRelationsFail() {
        let outcome = EmbeddedCLI.run([
            "-X", "-c", "CREATE TABLE t (a int)", "-c", "\\dt \"T\"", "-c", "\\d x.y.z",
            "-c", "\\d nosuch",
        ])
        #expect(
            outcome.text == """
                CREATE TABLE
                Did not find any relation named "\"T\"".
                cross-database references are not implemented: x.y.z
                Did not find any relation named "nosuch".

                """)
        #expect(outcome.status == 1)
    }
}
