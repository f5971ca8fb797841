// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS =
	/(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sr|Jr|St|No|Nos|Co|Corp|Inc|Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|e\.g|i\.e|approx|Gov|Gen|Col|Vol|pp|ca|a\.m|p\.m)|\b[A-Z](?:\.[A-Z])*|\bU\.S|\bU\.K|\bU\.N)\.$/;

/** Splits text into sentences: ". ! ?" (and Chinese "。！？") followed by space and a capital, quotes included. */
export function splitSentences(text: string): string[] {
	const sentences: string[] = [];
	const boundary = /([.!?。！？]|…)(["”’')\]]*)(\s+|$)(?=["“‘([]?[\p{Lu}\p{N}\p{Script=Han}]|$)|([。！？])/gu;
	let start = 0;
	for (const m of text.matchAll(boundary)) {
		const end = m.index + m[0].length;
		const candidate = text.slice(start, end).trim();
		if (m[1] === '.' && ABBREVIATIONS.test(text.slice(start, m.index + 1))) continue;
		if (candidate) sentences.push(candidate);
		start = end;
	}
	const rest = text.slice(start).trim();
	if (rest) sentences.push(rest);
	return sentences;
}
