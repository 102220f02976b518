// Date/time arithmetic as timestamp.c does it: adding an interval steps
// months (clamping to the month's last day), then days, then time;
// subtracting timestamps gives hours justified into days; multiplying an
// interval cascades fractional months into days and days into time.

extension Interval {
    static var outOfRange: SQLError {
        SQLError(SQLState.datetimeFieldOverflow, "interval out of range")
    }

    /// interval_pl, field by field.
    package static func + (a: Interval, b: Interval) throws -> Interval {
        let (m, o1) = a.months.addingReportingOverflow(b.months)
        let (d, o2) = a.days.addingReportingOverflow(b.days)
        let (t, o3) = a.microseconds.addingReportingOverflow(b.microseconds)
        guard !o1, !o2, !o3 else { throw outOfRange }
        return Interval(months: m, days: d, microseconds: t)
    }

    /// interval_mi, field by field.
    package static func - (a: Interval, b: Interval) throws -> Interval {
        guard let nb = b.negated else { throw outOfRange }
        return try a + nb
    }

    /// interval_mul: fractional months become days (30 per month) and
    /// fractional days become time, rounded to microseconds.
    package func multiplied(by factor: Double) throws -> Interval {
        try Interval.scale(
            self, monthsBy: { Double($0) * factor },
            timeBy: {
                Double($0) * factor
            })
    }

    /// interval_div; throws 22012 when `divisor` is zero.
    package func divided(by divisor: Double) throws -> Interval {
        guard divisor != 0 else { throw SQLError(SQLState.divisionByZero, "division by zero") }
        return try Interval.scale(
            self, monthsBy: { Double($0) / divisor },
            timeBy: {
                Double($0) / divisor
            })
    }

    private static func scale(
        _ span: Interval, monthsBy f: (Int32) -> Double, timeBy g: (Int64) -> Double
    ) throws -> Interval {
        func tsround(_ x: Double) -> Double { (x * 1e6).rounded(.toNearestOrEven) / 1e6 }
        let monthValue = f(span.months)
        let dayValue = f(span.days)
        guard monthValue.isFinite, abs(monthValue) < 2_147_483_648, dayValue.isFinite,
            abs(dayValue) < 2_147_483_648
        else { throw outOfRange }
        let months = Int32(monthValue)
        var days = Int32(dayValue)
        let monthRemainderDays = tsround((monthValue - Double(months)) * 30)
        var secondRemainder = tsround(
            (dayValue - Double(days) + monthRemainderDays
                - Double(Int(monthRemainderDays))) * 86_400)
        if abs(secondRemainder) >= 86_400 {
            let extra = Int32(secondRemainder / 86_400)
            days = days &+ extra
            secondRemainder -= Double(extra) * 86_400
        }
        days = days &+ Int32(monthRemainderDays)
        let time = (g(span.microseconds) + secondRemainder * 1e6).rounded(.toNearestOrEven)
        guard time.isFinite, abs(time) < 9.2e18 else { throw outOfRange }
        return Interval(months: months, days: days, microseconds: Int64(time))
    }

    /// justify_hours: whole days out of the time part, signs made to agree.
    package var justifiedHours: Interval {
        var result = self
        let extraDays = microseconds / DateTime.microsecondsPerDay
        result.microseconds -= extraDays * DateTime.microsecondsPerDay
        result.days = days &+ Int32(truncatingIfNeeded: extraDays)
        if result.days > 0 && result.microseconds < 0 {
            result.microseconds += DateTime.microsecondsPerDay
            result.days -= 1
        } else if result.days < 0 && result.microseconds > 0 {
            result.microseconds -= DateTime.microsecondsPerDay
            result.days += 1
        }
        return result
    }

    /// justify_interval: whole days out of the time part and whole
    /// 30-day months out of the days, then the months' sign carried into
    /// days and the days' into the time (interval_justify_interval).
    package var justifiedInterval: Interval {
        let day = DateTime.microsecondsPerDay
        var (months, days, time) = (Int64(months), Int64(days), microseconds)
        if (days > 0 && time > 0) || (days < 0 && time < 0) {
            months += days / 30
            days %= 30
        }
        days += time / day
        time %= day
        months += days / 30
        days %= 30
        if months > 0 && (days < 0 || (days == 0 && time < 0)) {
            days += 30
            months -= 1
        } else if months < 0 && (days > 0 || (days == 0 && time > 0)) {
            days -= 30
            months += 1
        }
        if days > 0 && time < 0 {
            time += day
            days -= 1
        } else if days < 0 && time > 0 {
            time -= day
            days += 1
        }
        return Interval(
            months: Int32(truncatingIfNeeded: months), days: Int32(truncatingIfNeeded: days),
            microseconds: time)
    }

    /// justify_days: whole 30-day months out of the days part.
    package var justifiedDays: Interval {
        var result = self
        let extraMonths = days / 30
        result.days -= extraMonths * 30
        result.months = months &+ extraMonths
        if result.months > 0 && result.days < 0 {
            result.days += 30
            result.months -= 1
        } else if result.months < 0 && result.days > 0 {
            result.days -= 30
            result.months += 1
        }
        return result
    }
}

extension DateTime {
    static var timestampOutOfRange: SQLError {
        SQLError(SQLState.datetimeFieldOverflow, "timestamp out of range")
    }

    /// timestamp_pl_interval (also timestamptz in UTC): months first with
    /// the day clamped to the month's end, then days, then microseconds.
    /// The infinities are unchanged.
    package static func add(_ t: Int64, _ span: Interval) throws -> Int64 {
        try add(t, span, zone: nil)
    }

    /// timestamptz_pl_interval: months and days move the wall-clock time
    /// in `zone` (the instant re-read there, so a day across a DST change
    /// is 23 or 25 hours), the rest moves the instant.
    /// `'2026-03-07 12:00-05' + '1 day'` in New York is 2026-03-08 12:00-04.
    package static func add(_ t: Int64, _ span: Interval, zone: ZoneRules?) throws -> Int64 {
        if isInfinite(timestamp: t) { return t }
        guard let zone, span.months != 0 || span.days != 0 else {
            return try addLocal(t, span)
        }
        let local = zone.local(fromUTC: t)
        let moved = try addLocal(local, Interval(months: span.months, days: span.days))
        let (r, o) = zone.utc(fromLocal: moved).addingReportingOverflow(span.microseconds)
        guard !o, r >= minTimestamp, r < endTimestamp else { throw timestampOutOfRange }
        return r
    }

    private static func addLocal(_ t: Int64, _ span: Interval) throws -> Int64 {
        var result = t
        if span.months != 0 {
            var c = civil(timestamp: result)
            let total = c.year * 12 + (c.month - 1) + Int(span.months)
            c.year = Int(floorDivide(Int64(total), 12))
            c.month = total - c.year * 12 + 1
            c.day = min(c.day, daysInMonth(year: c.year, month: c.month))
            guard let shifted = timestamp(c) else { throw timestampOutOfRange }
            result = shifted
        }
        if span.days != 0 {
            let (r, o) = result.addingReportingOverflow(Int64(span.days) * microsecondsPerDay)
            guard !o else { throw timestampOutOfRange }
            result = r
        }
        let (r, o) = result.addingReportingOverflow(span.microseconds)
        guard !o, r >= minTimestamp, r < endTimestamp else { throw timestampOutOfRange }
        return r
    }

    /// timestamp_mi: the difference as hours justified into days.
    package static func subtract(_ a: Int64, _ b: Int64) throws -> Interval {
        guard !isInfinite(timestamp: a), !isInfinite(timestamp: b) else {
            throw SQLError(SQLState.datetimeFieldOverflow, "cannot subtract infinite timestamps")
        }
        let (d, o) = a.subtractingReportingOverflow(b)
        guard !o else { throw Interval.outOfRange }
        return Interval(microseconds: d).justifiedHours
    }

    /// age(a, b): the difference in years, months and days of the civil
    /// fields, borrowing from the larger unit as timestamp_age does.
    package static func age(_ a: Int64, _ b: Int64) throws -> Interval {
        guard !isInfinite(timestamp: a), !isInfinite(timestamp: b) else {
            throw SQLError(SQLState.datetimeFieldOverflow, "interval out of range")
        }
        let negative = a < b
        let (hi, lo) =
            negative
            ? (civil(timestamp: b), civil(timestamp: a))
            : (civil(timestamp: a), civil(timestamp: b))
        var usec = hi.microsecond - lo.microsecond
        var sec = hi.second - lo.second
        var min = hi.minute - lo.minute
        var hour = hi.hour - lo.hour
        var day = hi.day - lo.day
        var month = hi.month - lo.month
        var year = hi.year - lo.year
        if usec < 0 {
            usec += 1_000_000
            sec -= 1
        }
        if sec < 0 {
            sec += 60
            min -= 1
        }
        if min < 0 {
            min += 60
            hour -= 1
        }
        if hour < 0 {
            hour += 24
            day -= 1
        }
        while day < 0 {
            // Borrow the length of the earlier date's month.
            day += daysInMonth(year: lo.year, month: lo.month)
            month -= 1
        }
        if month < 0 {
            month += 12
            year -= 1
        }
        let time =
            Int64(hour) * microsecondsPerHour + Int64(min) * microsecondsPerMinute
            + Int64(sec) * microsecondsPerSecond + Int64(usec)
        let result = Interval(
            months: Int32(year * 12 + month), days: Int32(day), microseconds: time)
        return negative ? (result.negated ?? result) : result
    }
}
