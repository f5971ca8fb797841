/**
 * Word lists behind organization extraction. They describe how English news text names NGOs in
 * general (head nouns, particles of foreign names, what government bodies are called), not any one
 * document.
 */

// Names in other languages keep their head noun in front: "Associazione Italiana Amici di Raoul Follereau".
const FOREIGN_HEADS = [
	'Associazione',
	'Fondation',
	'Fondazione',
	'Fundación',
	'Fundacion',
	'Fundação',
	'Fédération',
	'Stiftung',
	'Verein',
	'Asociación',
	'Associação',
	'Société',
	'Società',
	'Comité',
	'Organisatie',
	'Stichting',
	'Federação',
	'Federación',
	'Federazione',
	'União',
	'Unión',
	'Unione',
	'Associações',
	'Asociaciones',
	'Associazioni',
	'Vereniging',
	'Verband',
	'Stiftelsen',
	'Fundacja',
	'Fondazioni',
];

/** Nouns that end (English) or open (French, Italian …) the name of a non-governmental organization. */
export const ORG_HEADS = new Set([
	'Foundation',
	'Fund',
	'Association',
	'Society',
	'Trust',
	'Charity',
	'Chamber',
	'Federation',
	'Alliance',
	'Network',
	'Center',
	'Centre',
	'Council',
	'Institute',
	'Organization',
	'Organisation',
	'Union',
	'Club',
	'League',
	'Coalition',
	'Corps',
	'Mission',
	'Partnership',
	'Consortium',
	'Fellowship',
	'Endowment',
	'Cross',
	'Crescent',
	...FOREIGN_HEADS,
]);

// Heads long enough that a one-letter slip is still them ("Hanns Seidel Stifftung", "Assocation").
const SPELLED_HEADS = [
	...FOREIGN_HEADS,
	'Foundation',
	'Association',
	'Federation',
	'Organization',
	'Organisation',
].filter((head) => head.length >= 8);

/** A head noun, or a misspelling of a long one by one letter. */
export function isOrgHead(word: string): boolean {
	if (ORG_HEADS.has(word)) return true;
	if (word.length < 7 || !/^\p{Lu}/u.test(word)) return false;
	// A plural ("Organizations") is a kind of body, not a name's head.
	return SPELLED_HEADS.some(
		(head) => word !== `${head}s` && Math.abs(head.length - word.length) <= 1 && editDistanceAtMostOne(head, word),
	);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
	let i = 0;
	let j = 0;
	let edits = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			i++;
			j++;
			continue;
		}
		if (++edits > 1) return false;
		if (a.length > b.length) i++;
		else if (b.length > a.length) j++;
		else {
			i++;
			j++;
		}
	}
	return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Heads written before the rest of the name, so the name continues to their right without "of"/"for". */
export const HEAD_FIRST = new Set([...FOREIGN_HEADS, 'Association']);

/** "Cross" and "Crescent" name an org only as "Red Cross" / "Red Crescent". */
export const HEADS_NEEDING_RED = new Set(['Cross', 'Crescent']);

/** Words that make a name a government, party, police or education body, which are not NGOs here. */
export const NON_NGO_WORDS = new Set([
	'PSB',
	'PSBs',
	'Bureau',
	'Bureaus',
	'Ministry',
	'Ministries',
	'Department',
	'Departments',
	'Office',
	'Offices',
	'Commission',
	'Government',
	'Administration',
	'Procuratorate',
	'Court',
	'Police',
	'Party',
	'Communist',
	'CPC',
	'CCP',
	'Congress',
	'CPPCC',
	'PLA',
	'Army',
	'University',
	'College',
	'School',
	'Academy',
	'Embassy',
	'Consulate',
	'Liaison',
	'Supervisory',
	'Municipality',
	'Prefecture',
	'County',
	'Township',
	'Parliament',
	'Senate',
	'District',
	'Hospital',
	'Hospitals',
	'Agency',
]);

/** Place units a name may end with when they name where the org is: "… Association of Gushi County". */
export const PLACE_UNIT_WORDS = new Set([
	'County',
	'Prefecture',
	'District',
	'Municipality',
	'Township',
	'City',
	'Province',
]);

// "International Crisis Group", "Youth Activists Development Concern Group": a group is an NGO when a word of
// civic life names it; "Dalian Wanda Group" is a company.
export const CIVIC_GROUP =
	/\b(?:Action|Advocacy|Concern|Crisis|Support|Working|Volunteers?|Activists?|Interest|Rights|Women['’]?s?|Youth|Study|Research|Relief|Aid|Environmental|Citizens?|Community|Mutual|Self-Help|Legal|Policy|Peace|Justice|Humanitarian|Charity|Charitable|Welfare|Conservation)\b/;

/**
 * Words of research and state units (Academy, Institute, Commission) that an NGO's name may still carry when the
 * sentence vouches for it: "a registration certificate to the American Academy of Anti-Aging Medicine".
 */
export const STATE_UNIT_WORDS = new Set(['Academy', 'Commission', 'Committee', 'School', 'College']);

/** Words for events, plans and documents: "… Network Forum" is an event of the network, not an org. */
export const EVENT_WORDS = new Set([
	'Forum',
	'Forums',
	'Seminar',
	'Conference',
	'Summit',
	'Festival',
	'Salon',
	'Symposium',
	'Workshop',
	'Exhibition',
	'Expo',
	'Fair',
	'Award',
	'Awards',
	'Prize',
	'Day',
	'Week',
	'Campaign',
	'Project',
	'Programme',
	'Program',
	'Plan',
	'Initiative',
	'Law',
	'Regulations',
	'Ceremony',
	'Meeting',
	'Dialogue',
	'Roundtable',
	'Report',
	'Survey',
	'Index',
	'Fund-raiser',
	'Gala',
	// Things, not bodies: "Foreign NGO Service Platform", "the Foundation Center database".
	'Platform',
	'Website',
	'Portal',
	'System',
	'Database',
	'Account',
	'Column',
	'Handbook',
	'Manual',
	'Guide',
	'Guidelines',
	'Measures',
	'Notice',
	'Opinions',
	'Outline',
	'Activities',
]);

/** Lower-case words allowed inside a name ("Red Cross Society of China", "Amici di Raoul Follereau"). */
export const CONNECTORS = new Set(['of', 'for', 'on', 'against']);
export const PARTICLES = new Set([
	'de',
	'di',
	'du',
	'des',
	'der',
	'die',
	'das',
	'für',
	'la',
	'le',
	'les',
	'del',
	'della',
	'degli',
	'van',
	'von',
	'y',
	'e',
	'et',
	'da',
	'do',
	'dos',
	'zu',
	'zur',
	'und',
	'pour',
	'sans',
]);

/** Titles of people that can stand right before an org name and are not part of it. */
export const ROLE_WORDS = new Set([
	'Secretary',
	'Secretary-General',
	'Director',
	'Director-General',
	'President',
	'Chairman',
	'Chairwoman',
	'Chair',
	'Head',
	'Chief',
	'Representative',
	'Minister',
	'Ambassador',
	'Professor',
	'Prof',
	'Dr',
	'Mr',
	'Mrs',
	'Ms',
	'Vice',
	'Deputy',
	'Founder',
	'Executive',
	'Members',
	'Member',
	'Staff',
	'Volunteers',
	'Officials',
	'Recently',
	'Today',
	'Yesterday',
	'Meanwhile',
	'Also',
	'Both',
	'Since',
	'When',
	'While',
	'Through',
	'With',
	'After',
	'Before',
	'During',
	'Under',
	'According',
	'In',
	'On',
	'At',
	'As',
	'By',
	'From',
	'For',
	'Of',
	'To',
	'And',
	'But',
	'Then',
	'This',
	'That',
	'These',
	'Those',
	'Its',
	'Their',
	'His',
	'Her',
	'Our',
	'A',
	'An',
	'The',
	'Other',
	'Some',
	'Many',
	'Several',
]);

/** Whole names that are generic phrases, not organizations ("Civil Society Forum" → "Civil Society"). */
export const GENERIC_NAMES = new Set([
	'civil society',
	'international society',
	'the society',
	'social organization',
	'social organisation',
	'charity organization',
	'charitable organization',
	'foreign ngo',
	'red cross',
	'public welfare foundation',
	'private foundation',
	'community foundation',
	'the foundation',
	'the association',
]);

/** A collective noun with only generic words before it ("Overseas NGOs", "international organizations"): a kind, not a name. */
export const GENERIC_PLURAL =
	/^(?:(?:the|overseas|foreign|international|local|chinese|domestic|global|grassroots|social|charitable|non-?profit|other|these|those)\s+)*(?:ngos|ingos|organi[sz]ations|groups|foundations|associations|charities|non-?profits|societies)$/;

/** Phrases naming state or party bodies whose words alone look like an NGO's ("State Council"). */
export const NON_NGO_PHRASES = [
	'state council',
	"people's congress",
	'standing committee',
	'central committee',
	'youth league',
	'united front',
	'political consultative',
	// Mass organizations the Party leads: not NGOs in this sense.
	'general labor union',
	'general labour union',
	'federation of trade unions',
	"women's federation",
	'youth federation',
	'federation of industry and commerce',
	"disabled persons' federation",
	'association for science and technology',
	'association for friendship',
	'federation of returned overseas chinese',
	'federation of literary and art circles',
];

/** Words after a head that make the name a business: "SDIC Taikang Trust Company". */
export const BUSINESS_WORDS = new Set([
	'Company',
	'Corporation',
	'Corp',
	'Co',
	'Bank',
	'Group',
	'Enterprise',
	'Enterprises',
	'Holdings',
	'Securities',
	'Insurance',
]);

/** Generic nouns after which a name follows: "the Australian NGO “Charitable Aid Service Company”". */
export const NGO_NOUNS =
	/\b(?:NGOs?|INGOs?|non-?governmental organi[sz]ations?|non-?profits?|charit(?:y|ies)|foundations?|organi[sz]ations?|groups?|associations?)\b/;
