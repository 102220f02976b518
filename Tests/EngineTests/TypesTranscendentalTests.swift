// Unit tests of numeric's ln, exp, log and power and of the float8 range
// errors, with results measured on the reference PostgreSQL 15 server.
import Engine
import Testing

private func n(_ text: String) -> Numeric {
    Numeric(parsing: text) ?? .nan
}

@Suite struct TypesTranscendentalTests {
    // select 2::numeric ^ 0.5, power(64::numeric, 0.5), 2::numeric ^ 10,
    //   10::numeric ^ 20.5, 0.001 ^ 0.5, 1.5 ^ -100, 2 ^ -0.5
    @Test func power() throws {
        #expect(try n("2").power(n("0.5")).text == "1.4142135623730950")
        #expect(try n("64").power(n("0.5")).text == "8.0000000000000000")
        #expect(try n("2").power(n("10")).text == "1024.0000000000000000")
        #expect(try n("10").power(n("20.5")).text == "316227766016837933199.9")
        #expect(try n("0.001").power(n("0.5")).text == "0.03162277660168379")
        #expect(try n("1.5").power(n("-100")).text == "0.0000000000000000")
        #expect(try n("2").power(n("-0.5")).text == "0.7071067811865475")
        #expect(try n("-1").power(n("10000000001")).text == "-1.0000000000000000")
        #expect(try n("0").power(n("0.5")).text == "0.0000000000000000")
    }

    // select 'inf'::numeric ^ -2, '-inf'::numeric ^ 3, 0.5 ^ 'inf'::numeric,
    //   2 ^ '-inf'::numeric, 'nan'::numeric ^ 0
    @Test func powerSpecialValues() throws {
        #expect(try Numeric.infinity.power(n("-2")).text == "0")
        #expect(try Numeric.negativeInfinity.power(n("3")).text == "-Infinity")
        #expect(try n("0.5").power(.infinity).text == "0")
        #expect(try n("2").power(.negativeInfinity).text == "0")
        #expect(try Numeric.nan.power(n("0")).text == "1")
    }

    // select 0 ^ -1 / (-8) ^ (1.0/3) / 10::numeric ^ 131073 (errors)
    @Test func powerErrors() {
        #expect(throws: SQLError.self) { try n("0").power(n("-1")) }
        #expect(throws: SQLError.self) { try n("-8").power(n("0.3333333333333333")) }
        #expect(throws: SQLError.self) { try n("10").power(n("131073")) }
    }

    // select ln(2::numeric), ln(1.000001::numeric), ln(1e100::numeric),
    //   ln(0.001::numeric), exp(1::numeric), exp(-40::numeric),
    //   exp(0.0001::numeric), log(2::numeric), log(1.1, 1.2)
    @Test func logarithmsAndExponentials() throws {
        #expect(try n("2").naturalLogarithm().text == "0.6931471805599453")
        #expect(try n("1.000001").naturalLogarithm().text == "0.0000009999995000003333")
        #expect(try n("1e100").naturalLogarithm().text == "230.25850929940457")
        #expect(try n("0.001").naturalLogarithm().text == "-6.9077552789821371")
        #expect(try n("1").exponential().text == "2.7182818284590452")
        #expect(try n("-40").exponential().text == "0.000000000000000004248354255291589")
        #expect(try n("0.0001").exponential().text == "1.0001000050001667")
        #expect(try Numeric.logarithm(base: n("10"), n("2")).text == "0.3010299956639812")
        #expect(try Numeric.logarithm(base: n("1.1"), n("1.2")).text == "1.912928473834245")
    }

    // select ln(0::numeric), log(1::numeric, 2::numeric), exp(6000::numeric)
    @Test func logarithmErrors() {
        #expect(throws: SQLError.self) { try n("0").naturalLogarithm() }
        #expect(throws: SQLError.self) { try Numeric.logarithm(base: n("1"), n("2")) }
        #expect(throws: SQLError.self) { try n("6000").exponential() }
    }

    // select 1e400::numeric::float8; select 1e-50::numeric::float4
    @Test func floatRangeMessages() {
        let big = Numeric(parsing: "1e400") ?? .nan
        do {
            _ = try castValue(.numeric(big), from: .numeric, to: .float8)
            Issue.record("expected an error")
        } catch let e as SQLError {
            #expect(e.message == "\"\(big.text)\" is out of range for type double precision")
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(throws: SQLError.self) {
            try castValue(.numeric(n("1e-50")), from: .numeric, to: .float4)
        }
    }

    // select '294277-01-01'::timestamp
    @Test func timestampOutOfRange() {
        do {
            _ = try parseValue("294277-01-01", as: .timestamp)
            Issue.record("expected an error")
        } catch let e as SQLError {
            #expect(e.message == "timestamp out of range: \"294277-01-01\"")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
