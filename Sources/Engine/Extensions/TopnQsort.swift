// PostgreSQL's qsort (src/port/qsort.c through lib/sort_template.h):
// Bentley and McIlroy's "Engineering a Sort Function" with a check for
// presorted input. It is not stable; postgresql-topn breaks frequency ties
// by where this sort leaves them, so the steps must be the same.

/// Sorts `a` in place as pg_qsort does with comparator `cmp`.
func pgQsort<T>(_ a: inout [T], _ cmp: (T, T) -> Int) {
    pgQsortRange(&a, 0, a.count, cmp)
}

/// The median of three positions, as sort_template's med3 picks it.
private func med3<T>(_ a: [T], _ x: Int, _ y: Int, _ z: Int, _ cmp: (T, T) -> Int) -> Int {
    if cmp(a[x], a[y]) < 0 {
        return cmp(a[y], a[z]) < 0 ? y : (cmp(a[x], a[z]) < 0 ? z : x)
    }
    return cmp(a[y], a[z]) > 0 ? y : (cmp(a[x], a[z]) < 0 ? x : z)
}

/// Swaps `n` elements starting at `i` with those starting at `j`.
private func swapRun<T>(_ a: inout [T], _ i: Int, _ j: Int, _ n: Int) {
    for k in 0..<n { a.swapAt(i + k, j + k) }
}

/// Insertion sort of a run shorter than 7.
private func insertionSort<T>(_ a: inout [T], _ lo: Int, _ n: Int, _ cmp: (T, T) -> Int) {
    var m = lo + 1
    while m < lo + n {
        var l = m
        while l > lo && cmp(a[l - 1], a[l]) > 0 {
            a.swapAt(l, l - 1)
            l -= 1
        }
        m += 1
    }
}

/// The pivot position for a run of `n` starting at `lo`.
private func pivot<T>(_ a: [T], _ lo: Int, _ n: Int, _ cmp: (T, T) -> Int) -> Int {
    var pm = lo + n / 2
    if n > 7 {
        var pl = lo
        var pn = lo + n - 1
        if n > 40 {
            let d = n / 8
            pl = med3(a, pl, pl + d, pl + 2 * d, cmp)
            pm = med3(a, pm - d, pm, pm + d, cmp)
            pn = med3(a, pn - 2 * d, pn - d, pn, cmp)
        }
        pm = med3(a, pl, pm, pn, cmp)
    }
    return pm
}

/// Sorts the `n` elements from `lo`.
private func pgQsortRange<T>(_ a: inout [T], _ start: Int, _ count: Int, _ cmp: (T, T) -> Int) {
    var lo = start
    var n = count
    while true {
        if n < 7 {
            insertionSort(&a, lo, n, cmp)
            return
        }
        if (lo + 1..<lo + n).allSatisfy({ cmp(a[$0 - 1], a[$0]) <= 0 }) { return }
        a.swapAt(lo, pivot(a, lo, n, cmp))
        var pa = lo + 1, pb = lo + 1
        var pc = lo + n - 1, pd = lo + n - 1
        while true {
            while pb <= pc {
                let r = cmp(a[pb], a[lo])
                if r > 0 { break }
                if r == 0 { a.swapAt(pa, pb); pa += 1 }
                pb += 1
            }
            while pb <= pc {
                let r = cmp(a[pc], a[lo])
                if r < 0 { break }
                if r == 0 { a.swapAt(pc, pd); pd -= 1 }
                pc -= 1
            }
            if pb > pc { break }
            a.swapAt(pb, pc)
            pb += 1
            pc -= 1
        }
        let pn = lo + n
        var d1 = min(pa - lo, pb - pa)
        swapRun(&a, lo, pb - d1, d1)
        d1 = min(pd - pc, pn - pd - 1)
        swapRun(&a, pb, pn - d1, d1)
        d1 = pb - pa
        let d2 = pd - pc
        if d1 <= d2 {
            if d1 > 1 { pgQsortRange(&a, lo, d1, cmp) }
            guard d2 > 1 else { return }
            lo = pn - d2
            n = d2
        } else {
            if d2 > 1 { pgQsortRange(&a, pn - d2, d2, cmp) }
            guard d1 > 1 else { return }
            n = d1
        }
    }
}
