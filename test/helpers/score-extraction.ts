/**
 * Scores extracted entries against gold facts, the way the project's evaluation does: gold entries of
 * one date form a unit compared with the union of predicted entries of that date; undated entries are
 * aligned in document order; optional facts count neither way.
 */
export interface GoldOrg {
	name: string;
	country?: string | null;
	aliases?: string[];
	country_alt?: string[];
}
export interface GoldEntry {
	date: string | null;
	provinces: string[];
	orgs: GoldOrg[];
	type: string;
	provinces_optional?: string[];
	orgs_optional?: { name: string }[];
}
export interface GoldPage {
	id: string;
	entries: GoldEntry[];
}
export interface Predicted {
	position: number;
	date: string | null;
	provinces: readonly string[];
	orgs: readonly { name: string; country: string | null }[];
	type: string;
}

export interface Scores {
	segmentation: number;
	provinces_f1: number;
	orgs_f1: number;
	country_acc: number;
	date_acc: number;
	type_acc: number;
	misses: string[];
}

const norm = (s: string | null | undefined) =>
	String(s ?? '')
		.toLowerCase()
		.replace(/[’‘`]/g, "'")
		.replace(/'s\b/g, '')
		.replace(/[^a-z0-9&\u4e00-\u9fff ]+/g, ' ')
		.replace(/\b(the|province|autonomous region|municipality|sar)\b/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
const COUNTRY: Record<string, string> = {
	uk: 'united kingdom',
	usa: 'united states',
	us: 'united states',
	hk: 'hong kong',
};
const normCountry = (c: string | null | undefined) => COUNTRY[norm(c)] ?? norm(c);
const variants = (name: string) => {
	const out = new Set([norm(name)]);
	const m = /^(.*?)\s*\((.*?)\)\s*$/.exec(name);
	if (m) {
		out.add(norm(m[1]));
		out.add(norm(m[2]));
	}
	out.delete('');
	return [...out];
};
const jaccard = (a: string, b: string) => {
	const A = new Set(a.split(' ')),
		B = new Set(b.split(' '));
	let inter = 0;
	for (const t of A) if (B.has(t)) inter++;
	return inter / (A.size + B.size - inter || 1);
};
const orgMatch = (a: string, b: string) =>
	variants(a).some((x) => variants(b).some((y) => x === y || jaccard(x, y) >= 0.75));
const orgHit = (predicted: { name: string }, gold: GoldOrg | { name: string }) =>
	[gold.name, ...(('aliases' in gold && gold.aliases) || [])].some((n) => orgMatch(predicted.name, n));

interface Unit {
	date: string | null;
	provinces: string[];
	optionalProvinces: string[];
	orgs: GoldOrg[];
	optionalOrgs: { name: string }[];
	types: string[];
}

function unitOf(entries: GoldEntry[]): Unit {
	return {
		date: entries[0]?.date ?? null,
		provinces: entries.flatMap((e) => e.provinces),
		optionalProvinces: entries.flatMap((e) => e.provinces_optional ?? []),
		orgs: entries.flatMap((e) => e.orgs),
		optionalOrgs: entries.flatMap((e) => e.orgs_optional ?? []),
		types: entries.map((e) => e.type),
	};
}

function union(predicted: Predicted[]): Predicted {
	return {
		position: predicted[0]?.position ?? 0,
		date: predicted[0]?.date ?? null,
		provinces: predicted.flatMap((p) => p.provinces),
		orgs: predicted.flatMap((p) => p.orgs),
		type: predicted[0]?.type ?? 'other',
	};
}

function similarity(p: Predicted, t: Unit): number {
	const P = new Set(p.provinces.map(norm));
	let s = 0;
	for (const x of new Set(t.provinces.map(norm))) if (P.has(x)) s++;
	for (const o of t.orgs) if (p.orgs.some((q) => orgHit(q, o))) s++;
	if (!t.provinces.length && !P.size && !t.orgs.length && !p.orgs.length) s += 0.5;
	return s;
}

/** Computes the evaluation figures for predicted entries grouped by page id. */
export function scoreExtraction(pages: GoldPage[], predictedByPage: Map<string, Predicted[]>): Scores {
	const c = { pTP: 0, pFP: 0, pFN: 0, oTP: 0, oFP: 0, oFN: 0, cOK: 0, cN: 0, dOK: 0, dN: 0, tOK: 0, tN: 0, exact: 0 };
	const misses: string[] = [];
	const compare = (tag: string, p: Predicted, t: Unit) => {
		const P = new Set(p.provinces.map(norm)),
			T = new Set(t.provinces.map(norm)),
			O = new Set(t.optionalProvinces.map(norm));
		for (const x of P) {
			if (T.has(x)) c.pTP++;
			else if (!O.has(x)) {
				c.pFP++;
				misses.push(`${tag} extra province ${x}`);
			}
		}
		for (const x of T)
			if (!P.has(x)) {
				c.pFN++;
				misses.push(`${tag} missed province ${x}`);
			}
		const taken = new Set<number>();
		for (const o of t.orgs) {
			const k = p.orgs.findIndex((q, i) => !taken.has(i) && orgHit(q, o));
			if (k < 0) {
				c.oFN++;
				misses.push(`${tag} missed org ${o.name}`);
				continue;
			}
			taken.add(k);
			c.oTP++;
			if (o.country) {
				c.cN++;
				const ok = [o.country, ...(o.country_alt ?? [])].some(
					(x) => normCountry(x) === normCountry(p.orgs[k]!.country),
				);
				if (ok) c.cOK++;
				else misses.push(`${tag} country of ${o.name}: ${p.orgs[k]!.country}`);
			}
		}
		p.orgs.forEach((q, i) => {
			if (taken.has(i) || t.optionalOrgs.some((o) => orgHit(q, o)) || t.orgs.some((o) => orgHit(q, o))) return;
			c.oFP++;
			misses.push(`${tag} extra org ${q.name}`);
		});
		c.tN++;
		if (t.types.includes(p.type)) c.tOK++;
	};

	for (const page of pages) {
		const predicted = [...(predictedByPage.get(page.id) ?? [])].sort((a, b) => a.position - b.position);
		if (predicted.length === page.entries.length) c.exact++;
		else misses.push(`${page.id}: ${predicted.length} entries, gold has ${page.entries.length}`);
		const dated = new Map<string, GoldEntry[]>();
		const undated: Unit[] = [];
		for (const e of page.entries) {
			if (e.date) dated.set(e.date, [...(dated.get(e.date) ?? []), e]);
			else undated.push(unitOf([e]));
		}
		const rest = predicted.filter((p) => !(p.date && dated.has(p.date)));
		for (const [date, list] of dated) {
			const t = unitOf(list);
			c.dN++;
			const got = predicted.filter((p) => p.date === date);
			if (got.length === 0) {
				c.pFN += new Set(t.provinces.map(norm)).size;
				c.oFN += t.orgs.length;
				misses.push(`${page.id}@${date} no entry with this date`);
				continue;
			}
			c.dOK++;
			compare(`${page.id}@${date}`, union(got), t);
		}
		// Undated units are matched in order by a longest-common-subsequence alignment.
		const n = rest.length,
			m = undated.length;
		const dp = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
		for (let i = 1; i <= n; i++)
			for (let j = 1; j <= m; j++) {
				const s = similarity(rest[i - 1]!, undated[j - 1]!);
				dp[i]![j] = Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!, s > 0 ? dp[i - 1]![j - 1]! + s : -Infinity);
			}
		const usedP = new Set<number>(),
			usedT = new Set<number>();
		for (let i = n, j = m; i > 0 && j > 0;) {
			const s = similarity(rest[i - 1]!, undated[j - 1]!);
			if (s > 0 && dp[i]![j] === dp[i - 1]![j - 1]! + s) {
				compare(`${page.id}#${j - 1}`, rest[i - 1]!, undated[j - 1]!);
				usedP.add(i - 1);
				usedT.add(j - 1);
				i--;
				j--;
			} else if (dp[i]![j] === dp[i - 1]![j]) i--;
			else j--;
		}
		rest.forEach((p, i) => {
			if (usedP.has(i)) return;
			c.pFP += new Set(p.provinces).size;
			c.oFP += p.orgs.length;
			misses.push(`${page.id} unmatched entry at position ${p.position}`);
		});
		undated.forEach((t, j) => {
			if (usedT.has(j)) return;
			c.pFN += new Set(t.provinces.map(norm)).size;
			c.oFN += t.orgs.length;
			misses.push(`${page.id}#${j} gold entry not found`);
		});
	}
	const f1 = (tp: number, fp: number, fn: number) => {
		const p = tp / (tp + fp || 1),
			r = tp / (tp + fn || 1);
		return p + r ? (2 * p * r) / (p + r) : 0;
	};
	return {
		segmentation: c.exact / (pages.length || 1),
		provinces_f1: f1(c.pTP, c.pFP, c.pFN),
		orgs_f1: f1(c.oTP, c.oFP, c.oFN),
		country_acc: c.cOK / (c.cN || 1),
		date_acc: c.dOK / (c.dN || 1),
		type_acc: c.tOK / (c.tN || 1),
		misses,
	};
}
