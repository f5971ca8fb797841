/**
 * A local fake Discord for end-to-end tests: a gateway (WebSocket, JSON encoding, no compression) and a REST API
 * (`/api/v10`) on 127.0.0.1, good enough for a real, unmodified discord.js v14 `Client`.
 *
 * The fake is as strict as Discord where a bot can get things wrong: message and embed limits, autocomplete and
 * component limits, empty messages, the interaction acknowledgement deadline, the interaction token lifetime, double
 * acknowledgements, the bot token on authenticated routes and channel permissions. Rejections are answered the way
 * Discord answers them and recorded in `violations`. Faults (429, 5xx, hung requests) can be injected.
 *
 * The recipe this follows is shared/FAKE-DISCORD.md. Client options a test needs:
 * `rest: { api: fake.apiBase }` and, to skip the 5 s spacing between IDENTIFYs,
 * `ws: { buildIdentifyThrottler: async () => ({ waitForIdentify: async () => {} }) }`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

// ---------------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------------

/** A JSON object as Discord sends and receives it. */
export type Json = Record<string, unknown>;

/** A Discord user object (the fields the fake fills in; more may be present). */
export interface ApiUser extends Json {
	id: string;
	username: string;
	discriminator: string;
	global_name: string | null;
	avatar: string | null;
	bot?: boolean;
}

/** A Discord role object. */
export interface ApiRole extends Json {
	id: string;
	name: string;
	permissions: string;
	position: number;
}

/** A permission overwrite of a channel: `type` 0 is a role, 1 a member. */
export interface ApiPermissionOverwrite {
	id: string;
	type: 0 | 1;
	allow: string;
	deny: string;
}

/** A Discord channel object. */
export interface ApiChannel extends Json {
	id: string;
	type: number;
	name?: string;
	guild_id?: string;
	permission_overwrites?: ApiPermissionOverwrite[];
}

/** The full guild object the fake sends in GUILD_CREATE. */
export interface ApiGuild extends Json {
	id: string;
	name: string;
	owner_id: string;
	roles: ApiRole[];
	channels: ApiChannel[];
}

/** A Discord message object as the fake stores and returns it. Edits change the stored object in place. */
export interface ApiMessage extends Json {
	id: string;
	channel_id: string;
	author: ApiUser;
	content: string;
	embeds: Json[];
	components: Json[];
	attachments: Json[];
	flags: number;
}

/** A role of a guild fixture; `permissions` defaults to none (for @everyone: DEFAULT_EVERYONE_PERMISSIONS). */
export interface FakeRoleOptions {
	id: string;
	name: string;
	permissions?: bigint | string;
	position?: number;
	color?: number;
	hoist?: boolean;
	managed?: boolean;
	mentionable?: boolean;
}

/** A channel of a guild fixture; `type` defaults to 0 (text). */
export interface FakeChannelOptions {
	id: string;
	name: string;
	type?: number;
	position?: number;
	parentId?: string | null;
	topic?: string | null;
	nsfw?: boolean;
	permissionOverwrites?: Array<{ id: string; type: 0 | 1; allow?: bigint | string; deny?: bigint | string }>;
}

/** A guild fixture. A missing @everyone role (id = guild id) is added; the bot is a member holding `botRoleIds`. */
export interface FakeGuildOptions {
	id: string;
	name: string;
	ownerId: string;
	roles?: FakeRoleOptions[];
	channels: FakeChannelOptions[];
	/** Roles the bot's own member holds (they feed `app_permissions` and channel-post permission checks). */
	botRoleIds?: string[];
	memberCount?: number;
}

export interface FakeDiscordOptions {
	/** The application id; also the bot user's id unless `botUser.id` says otherwise. */
	applicationId?: string;
	botUser?: Partial<ApiUser>;
	/** The bot token the fake expects; a fresh random token by default. */
	token?: string;
	/** Guild fixtures; by default one guild (FAKE_IDS) with #general, #digest and a read-only #announcements. */
	guilds?: FakeGuildOptions[];
	/** Time to the first response of an interaction; 3000 ms at Discord. */
	ackDeadlineMs?: number;
	/** Lifetime of an interaction token for edits and follow-ups; 15 min at Discord. */
	tokenLifetimeMs?: number;
	/** The heartbeat interval sent in HELLO; 41250 ms at Discord. */
	heartbeatIntervalMs?: number;
	/** Shard count recommended by GET /gateway/bot. */
	recommendedShards?: number;
	/** Largest request body (all files together) accepted; bigger is answered 413 code 40005. */
	maxUploadBytes?: number;
}

/** A file of a multipart request, with its bytes. */
export interface RecordedFile {
	/** The form field, e.g. `files[0]`. */
	field: string;
	name: string;
	size: number;
	contentType: string;
	bytes: Buffer;
}

/** The body of a multipart/form-data request. */
export interface MultipartBody {
	payload_json: unknown;
	files: RecordedFile[];
	/** Other string fields, if any. */
	fields: Record<string, string>;
}

/** One REST request and the fake's answer. */
export interface RecordedRequest {
	/** Position in `requests`; pass `since: fake.requests.length` to wait only for later requests. */
	index: number;
	method: string;
	/** URL-decoded path below the API root, e.g. `/webhooks/1/abc/messages/@original`. */
	path: string;
	/** The request URL as received (encoded, with `/api/v10` and the query). */
	url: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	/** Parsed JSON, a MultipartBody, the raw text of anything else, or undefined when empty. */
	body: unknown;
	/** The JSON payload whatever the encoding: the JSON body or the multipart `payload_json`. */
	json: unknown;
	files: RecordedFile[];
	/** Epoch ms when the request arrived. */
	at: number;
	/** The interaction this request answers (callbacks and interaction webhooks). */
	interactionId?: string;
	/** The HTTP status answered; undefined while pending and for hung requests. */
	status?: number;
	/** The JSON body answered, if any. */
	response?: unknown;
	/** Headers the fake added to its answer (e.g. `retry-after` and `x-ratelimit-*` on an injected 429). */
	responseHeaders?: Record<string, string>;
	respondedAt?: number;
	/** Set when an injected fault answered (or swallowed) this request. */
	fault?: 'rate_limit' | 'server_error' | 'hang';
	/** True for requests the fake deliberately never answers. */
	hung?: boolean;
}

/** A field-level error as Discord reports it under `errors` of a 50035 answer. */
export interface FieldError {
	/** Dotted path, e.g. `data.embeds.0.title`. */
	path: string;
	code: string;
	message: string;
}

/** A request the fake rejected because Discord would have. */
export interface Violation {
	requestIndex: number;
	method: string;
	path: string;
	status: number;
	/** Discord's JSON error code (0 for a bare 401). */
	code: number;
	message: string;
	fields: FieldError[];
	interactionId?: string;
	at: number;
}

/**
 * Who a created message notifies, as Discord decides from its text and `allowed_mentions` (embeds never ping;
 * ephemeral messages notify no one). Only messages that ping someone are recorded.
 */
export interface Ping {
	requestIndex: number;
	messageId: string;
	channelId: string;
	users: string[];
	roles: string[];
	everyone: boolean;
}

/** A message deleted through the API (an interaction webhook or a channel route). */
export interface Deletion {
	requestIndex: number;
	messageId: string;
	channelId: string;
	/** The message as it was when deleted. */
	message: ApiMessage;
}

/** Something Discord accepts but the bot should not do; recorded, not rejected. */
export interface Warning {
	requestIndex: number;
	method: string;
	path: string;
	kind: 'missing_allowed_mentions';
	interactionId?: string;
}

/** One gateway frame in either direction. */
export interface GatewayFrame {
	index: number;
	connectionId: number;
	direction: 'in' | 'out';
	op: number;
	t: string | null;
	s: number | null;
	d: unknown;
	at: number;
	/** True for dispatches re-sent on RESUME. */
	replayed?: boolean;
}

export interface GatewayConnection {
	id: number;
	/** Request URL, e.g. `/gateway?v=10&encoding=json`. */
	url: string;
	openedAt: number;
	closedAt?: number;
	closeCode?: number;
	closedBy?: 'server' | 'client';
}

export interface IdentifyRecord {
	index: number;
	connectionId: number;
	token: string;
	intents: number;
	shard: [number, number];
	properties: unknown;
	at: number;
}

/** A READY (kind 'ready') or RESUMED (kind 'resumed') the fake sent. */
export interface SessionStart {
	index: number;
	kind: 'ready' | 'resumed';
	connectionId: number;
	sessionId: string;
	shard: [number, number];
	/** For resumes: how many dispatches were replayed. */
	replayed: number;
	at: number;
}

export interface WaitOptions {
	/** Default 5000 ms. */
	timeoutMs?: number;
	/** Index in the recorded list from which to match; see each waiter for its default. */
	since?: number;
}

export interface WaitForRestOptions extends WaitOptions {
	predicate?: (request: RecordedRequest) => boolean;
}

/** Injected failures: a 429 (seconds in `retryAfter`), a 5xx, or a request that is never answered. */
export type FaultSpec =
	| { status: 429; retryAfter?: number; global?: boolean; scope?: 'user' | 'global' | 'shared' }
	| { status: 500 | 502 | 503 | 504; body?: Json }
	| { hang: true };

export interface FaultHandle {
	/** How many more matching requests this fault will answer. */
	readonly remaining: number;
	/** Requests it answered so far. */
	readonly hits: readonly RecordedRequest[];
	cancel(): void;
}

/** Who sends an interaction and where; defaults: FAKE_IDS.user in the first guild's first text channel. */
export interface InteractionContext {
	user?: Partial<ApiUser>;
	/** A fixture guild id, or null for a DM with the bot. */
	guildId?: string | null;
	channelId?: string;
	/** Role ids of the member (they feed the computed `member.permissions`). */
	roles?: string[];
	/** Overrides the computed `member.permissions`. */
	memberPermissions?: bigint | string;
	locale?: string;
	/**
	 * How the app is installed where the interaction happens: in the server (default), or on the user's own account
	 * (`authorizing_integration_owners` then holds the user, key "1"). A user install also works in a guild that is not
	 * a fixture (a server without the bot) and, with `privateChannel`, in a DM or group DM between users.
	 */
	install?: 'guild' | 'user';
	/** A user install used in a DM or group DM between users (interaction context 2), not a DM with the bot. */
	privateChannel?: boolean;
}

/** A command option; `type` is inferred from `value` when left out (string 3, integer 4, number 10, boolean 5). */
export interface FakeCommandOption {
	name: string;
	type?: number;
	value?: string | number | boolean;
	focused?: boolean;
	options?: FakeCommandOption[];
}

export interface SentInteraction {
	id: string;
	token: string;
}

export interface FakeDiscord {
	readonly port: number;
	/** `http://127.0.0.1:PORT/api`: pass as discord.js `rest.api` (it appends `/v10`). */
	readonly apiBase: string;
	/** `ws://127.0.0.1:PORT/gateway`, as GET /gateway/bot answers. */
	readonly gatewayUrl: string;
	/** The bot token the fake accepts. */
	readonly token: string;
	readonly applicationId: string;
	readonly botUser: ApiUser;
	/** The guild fixtures as sent in GUILD_CREATE. */
	readonly guilds: readonly ApiGuild[];
	readonly ackDeadlineMs: number;
	readonly tokenLifetimeMs: number;

	readonly requests: readonly RecordedRequest[];
	readonly frames: readonly GatewayFrame[];
	readonly connections: readonly GatewayConnection[];
	readonly identifies: readonly IdentifyRecord[];
	readonly sessionStarts: readonly SessionStart[];
	readonly violations: readonly Violation[];
	readonly warnings: readonly Warning[];
	/** Every notification a created message caused (see Ping): empty when the bot pinged no one. */
	readonly pings: readonly Ping[];
	/** Messages deleted through the API, in order. */
	readonly deletions: readonly Deletion[];
	/** Every message the fake created (replies, follow-ups, channel posts), in creation order, as last edited. */
	readonly messages: readonly ApiMessage[];
	/** Whether heartbeats are acknowledged (set false to make the client see a zombie connection). */
	ackHeartbeats: boolean;

	/** The next settled request matching (by default only requests recorded after the call). */
	waitForRest(method: string, pathRegex: RegExp, options?: WaitForRestOptions): Promise<RecordedRequest>;
	/** The next gateway frame matching (by default only frames recorded after the call). */
	waitForFrame(predicate: (frame: GatewayFrame) => boolean, options?: WaitOptions): Promise<GatewayFrame>;
	/**
	 * A READY sent at `sessionStarts` index ≥ `since` (default 0: any READY so far). It resolves when the fake sent
	 * READY, not when the client processed it: before `client.destroy()`, wait for the client's own ready event.
	 */
	waitForReady(options?: WaitOptions): Promise<SessionStart>;
	/** A RESUMED sent at `sessionStarts` index ≥ `since` (default 0). */
	waitForResumed(options?: WaitOptions): Promise<SessionStart>;
	/** An IDENTIFY at `identifies` index ≥ `since` (default 0). */
	waitForIdentify(options?: WaitOptions): Promise<IdentifyRecord>;
	/** Requests about one interaction (its callbacks, edits and follow-ups), in arrival order. */
	interactionResponses(interactionId: string): RecordedRequest[];
	/** Messages posted to a channel (not interaction replies), in order. */
	channelMessages(channelId: string): ApiMessage[];
	/** Application commands registered globally, or for one guild. */
	commands(guildId?: string): Json[];
	/** Threads and forum posts the bot started (under `parentId` only, when given), in creation order. */
	threads(parentId?: string): ApiChannel[];

	/** Sends a dispatch on the shard of `guildId` (shard 0 without); returns its sequence number. */
	dispatch(event: string, data: unknown, options?: { guildId?: string }): number;
	/** Dispatches INTERACTION_CREATE; fields of `partial` override the generated ones. */
	sendInteraction(partial?: Json, context?: InteractionContext): SentInteraction;
	chatInput(name: string, options?: FakeCommandOption[], context?: InteractionContext): SentInteraction;
	/** Exactly one option (possibly nested in a subcommand) must have `focused: true`. */
	autocomplete(name: string, options: FakeCommandOption[], context?: InteractionContext): SentInteraction;
	/**
	 * A click on a button of `message` (a message object, or the id of a message the fake created), by a user (or with
	 * a full context); guild and channel come from the message.
	 */
	button(customId: string, message: ApiMessage | string, by?: Partial<ApiUser> | InteractionContext): SentInteraction;
	/** A pick of `values` in the string select `customId` of `message`, as `button` clicks. */
	select(
		customId: string,
		values: string[],
		message: ApiMessage | string,
		by?: Partial<ApiUser> | InteractionContext,
	): SentInteraction;
	/**
	 * A submitted modal: its text inputs by custom_id. With `message`, the modal was opened from a component of that
	 * message (so the answer may update it, callback type 7).
	 */
	submitModal(
		customId: string,
		fields: Record<string, string>,
		options?: { message?: ApiMessage | string; by?: Partial<ApiUser> | InteractionContext },
	): SentInteraction;
	/**
	 * A message context-menu command (type 3) run on `target`, as Discord sends it: `target_id` and the message in
	 * `resolved.messages`. The target can be any message, e.g. one a user wrote (see `userMessage`).
	 */
	messageCommand(name: string, target: ApiMessage, context?: InteractionContext): SentInteraction;
	/** A message as a person wrote it in a channel (not through the API), to run message commands on. */
	userMessage(channelId: string, content: string, author?: Partial<ApiUser>, embeds?: Json[]): ApiMessage;

	/**
	 * Makes a user refuse DMs from the bot (privacy settings, or the bot blocked): posts to their DM channel get 403
	 * code 50007 "Cannot send messages to this user" until called again with `blocked` false.
	 */
	blockDirectMessages(userId: string, blocked?: boolean): void;
	/** Messages the bot sent a user in their DM channel, in order. */
	directMessages(userId: string): ApiMessage[];

	/** Closes the gateway socket(s) with `code` (default 4000) and resolves once closed. */
	closeGateway(code?: number, reason?: string): Promise<void>;
	/** Drops the gateway socket(s) without a close frame (a dead TCP connection, seen by the client as 1006). */
	dropGateway(): void;
	/** Sends op 7 RECONNECT. */
	requestReconnect(): void;
	/** Sends op 9 INVALID_SESSION; a non-resumable one also forgets the session. */
	invalidateSession(resumable?: boolean): void;
	/** Answers the next `times` (default 1) requests matching method and (decoded) path with a fault. */
	failNext(method: string, pathRegex: RegExp, fault: FaultSpec, options?: { times?: number }): FaultHandle;
	/** Moves the fake's clock (used for deadlines and token lifetimes only) forward. */
	advanceClock(ms: number): void;
	/** Stops everything; idempotent. */
	close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------------------------

/** Ids of the default fixture (all 19-digit snowflakes). */
export const FAKE_IDS = {
	application: '1180000000000000001',
	guild: '1180000000000000100',
	generalChannel: '1180000000000000101',
	digestChannel: '1180000000000000102',
	/** @everyone may not send messages here (nor may the bot, which holds no role). */
	announcementsChannel: '1180000000000000103',
	owner: '1180000000000000200',
	user: '1180000000000000201',
} as const;

/** Permission bits the fake looks at. */
export const PERMISSIONS = {
	CREATE_INSTANT_INVITE: 1n << 0n,
	ADMINISTRATOR: 1n << 3n,
	ADD_REACTIONS: 1n << 6n,
	MANAGE_MESSAGES: 1n << 13n,
	VIEW_CHANNEL: 1n << 10n,
	SEND_MESSAGES: 1n << 11n,
	EMBED_LINKS: 1n << 14n,
	ATTACH_FILES: 1n << 15n,
	READ_MESSAGE_HISTORY: 1n << 16n,
	USE_EXTERNAL_EMOJIS: 1n << 18n,
	CONNECT: 1n << 20n,
	SPEAK: 1n << 21n,
	CHANGE_NICKNAME: 1n << 26n,
	USE_APPLICATION_COMMANDS: 1n << 31n,
	SEND_MESSAGES_IN_THREADS: 1n << 38n,
	CREATE_PUBLIC_THREADS: 1n << 35n,
} as const;

const ALL_PERMISSIONS = (1n << 53n) - 1n;

/** How long Discord remembers an enforced message nonce ("a few minutes"). */
const NONCE_WINDOW_MS = 5 * 60_000;

/** What @everyone gets when a fixture does not say. */
export const DEFAULT_EVERYONE_PERMISSIONS =
	PERMISSIONS.CREATE_INSTANT_INVITE |
	PERMISSIONS.ADD_REACTIONS |
	PERMISSIONS.VIEW_CHANNEL |
	PERMISSIONS.SEND_MESSAGES |
	PERMISSIONS.EMBED_LINKS |
	PERMISSIONS.ATTACH_FILES |
	PERMISSIONS.READ_MESSAGE_HISTORY |
	PERMISSIONS.USE_EXTERNAL_EMOJIS |
	PERMISSIONS.CONNECT |
	PERMISSIONS.SPEAK |
	PERMISSIONS.CHANGE_NICKNAME |
	PERMISSIONS.USE_APPLICATION_COMMANDS |
	PERMISSIONS.SEND_MESSAGES_IN_THREADS;

const MESSAGE_FLAGS = { EPHEMERAL: 64, LOADING: 128, IS_COMPONENTS_V2: 1 << 15 } as const;
const INTERACTION_TYPE = { APPLICATION_COMMAND: 2, MESSAGE_COMPONENT: 3, AUTOCOMPLETE: 4, MODAL_SUBMIT: 5 } as const;
const CALLBACK_TYPES = [1, 4, 5, 6, 7, 8, 9, 10, 12];
/** Which callback types each interaction type accepts. */
const CALLBACKS_FOR: Record<number, number[]> = {
	[INTERACTION_TYPE.APPLICATION_COMMAND]: [4, 5, 9, 12],
	[INTERACTION_TYPE.MESSAGE_COMPONENT]: [4, 5, 6, 7, 9],
	[INTERACTION_TYPE.AUTOCOMPLETE]: [8],
	[INTERACTION_TYPE.MODAL_SUBMIT]: [4, 5, 6, 7],
};
/** Thread channel types (announcement, public and private threads). */
const THREAD_TYPES = new Set([10, 11, 12]);
/** Channel types a message can be posted in. */
const TEXT_CHANNEL_TYPES = new Set([0, 1, 2, 3, 5, 10, 11, 12, 13]);
/** Server-side close codes after which a session cannot be resumed. */
const NON_RESUMABLE_CLOSE_CODES = new Set([4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014]);
const DISCORD_EPOCH = 1_420_070_400_000n;
const API_PREFIX = '/api/v10';
const DEFAULT_WAIT_MS = 5000;

// ---------------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------------

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in code points, as Discord counts (a CJK character or an emoji is one). */
function textLength(text: string): number {
	let n = 0;
	for (const _ of text) n++;
	return n;
}

function randomToken(bytes: number): string {
	return randomBytes(bytes).toString('base64url');
}

function toBigInt(value: bigint | string | undefined, fallback = 0n): bigint {
	if (value === undefined) return fallback;
	return typeof value === 'bigint' ? value : BigInt(value);
}

function shardOf(guildId: string | undefined, shardCount: number): number {
	if (guildId === undefined || shardCount <= 1) return 0;
	return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

function isUserLike(value: Partial<ApiUser> | InteractionContext): value is Partial<ApiUser> {
	return 'id' in value || 'username' in value;
}

function inferOptionType(option: FakeCommandOption): number {
	if (option.type !== undefined) return option.type;
	if (option.options !== undefined) return 1;
	switch (typeof option.value) {
		case 'number':
			return Number.isInteger(option.value) ? 4 : 10;
		case 'boolean':
			return 5;
		default:
			return 3;
	}
}

function toApiOptions(options: FakeCommandOption[]): Json[] {
	return options.map((option) => {
		const out: Json = { name: option.name, type: inferOptionType(option) };
		if (option.value !== undefined) out.value = option.value;
		if (option.focused) out.focused = true;
		if (option.options !== undefined) out.options = toApiOptions(option.options);
		return out;
	});
}

/** Like Discord: user options (type 6) carry the user's id; the user objects come in `resolved.users`. */
function resolvedUsers(options: FakeCommandOption[]): Json | undefined {
	const users: Json = {};
	const collect = (list: FakeCommandOption[]) => {
		for (const option of list) {
			if (option.type === 6 && typeof option.value === 'string') {
				users[option.value] = makeUser({ id: option.value }, option.value, `user-${option.value.slice(-4)}`);
			}
			collect(option.options ?? []);
		}
	};
	collect(options);
	return Object.keys(users).length > 0 ? users : undefined;
}

function countFocused(options: FakeCommandOption[]): number {
	return options.reduce((n, o) => n + (o.focused ? 1 : 0) + countFocused(o.options ?? []), 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Validation: what Discord rejects with 50035 Invalid Form Body
// ---------------------------------------------------------------------------------------------------------------

type Path = Array<string | number>;

interface RawFieldError {
	path: Path;
	code: string;
	message: string;
}

class FormErrors {
	readonly list: RawFieldError[] = [];

	add(path: Path, code: string, message: string): void {
		this.list.push({ path, code, message });
	}

	/** Checks a string field; returns its length in code points (0 when absent or invalid). */
	string(path: Path, value: unknown, limits: { max: number; min?: number; required?: boolean }): number {
		if (value === undefined || value === null) {
			if (limits.required) this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
			return 0;
		}
		if (typeof value !== 'string') {
			this.add(path, 'STRING_TYPE_CONVERT', `Could not interpret "${String(value)}" as string.`);
			return 0;
		}
		const n = textLength(value);
		const min = limits.min ?? 0;
		if (min > 0 && (n < min || n > limits.max)) {
			this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${limits.max} in length.`);
		} else if (n > limits.max) {
			this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${limits.max} or fewer in length.`);
		}
		return n;
	}

	/** Checks an array field; returns the array (empty when absent or invalid). */
	array(path: Path, value: unknown, max: number, min = 0): unknown[] {
		if (value === undefined || value === null) return [];
		if (!Array.isArray(value)) {
			this.add(path, 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
			return [];
		}
		if (min > 0 && (value.length < min || value.length > max)) {
			this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
		} else if (value.length > max) {
			this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
		}
		return value;
	}

	object(path: Path, value: unknown): Json | undefined {
		if (isObject(value)) return value;
		this.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
		return undefined;
	}

	/** Discord's nested `errors` object: `{ data: { content: { _errors: [{ code, message }] } } }`. */
	tree(): Json {
		const root: Json = {};
		for (const error of this.list) {
			let node = root;
			for (const key of error.path) {
				const k = String(key);
				if (!isObject(node[k])) node[k] = {};
				node = node[k] as Json;
			}
			const errors = (node._errors ??= []) as Json[];
			errors.push({ code: error.code, message: error.message });
		}
		return root;
	}

	fields(): FieldError[] {
		return this.list.map((e) => ({ path: e.path.join('.'), code: e.code, message: e.message }));
	}
}

/** Checks one embed; returns its characters counted towards the 6000 limit. */
function checkEmbed(errors: FormErrors, path: Path, value: unknown): number {
	const embed = errors.object(path, value);
	if (embed === undefined) return 0;
	let total = 0;
	total += errors.string([...path, 'title'], embed.title, { max: 256 });
	total += errors.string([...path, 'description'], embed.description, { max: 4096 });
	const fields = errors.array([...path, 'fields'], embed.fields, 25);
	fields.forEach((raw, i) => {
		const field = errors.object([...path, 'fields', i], raw);
		if (field === undefined) return;
		total += errors.string([...path, 'fields', i, 'name'], field.name, { min: 1, max: 256, required: true });
		total += errors.string([...path, 'fields', i, 'value'], field.value, { min: 1, max: 1024, required: true });
	});
	if (embed.footer !== undefined && embed.footer !== null) {
		const footer = errors.object([...path, 'footer'], embed.footer);
		if (footer) total += errors.string([...path, 'footer', 'text'], footer.text, { max: 2048, required: true });
	}
	if (embed.author !== undefined && embed.author !== null) {
		const author = errors.object([...path, 'author'], embed.author);
		if (author) total += errors.string([...path, 'author', 'name'], author.name, { max: 256, required: true });
	}
	return total;
}

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

/** Checks one component and its children wherever it sits (rows, v2 containers, section accessories). */
function checkComponent(errors: FormErrors, path: Path, value: unknown): void {
	const component = errors.object(path, value);
	if (component === undefined) return;
	if (component.custom_id !== undefined) {
		errors.string([...path, 'custom_id'], component.custom_id, { min: 1, max: 100 });
	}
	if (component.type === 2) {
		errors.string([...path, 'label'], component.label, { max: 80 });
		const style = component.style;
		if (style === 5) errors.string([...path, 'url'], component.url, { max: 512, required: true });
		else if (style !== 6)
			errors.string([...path, 'custom_id'], component.custom_id, { min: 1, max: 100, required: true });
	}
	if (typeof component.type === 'number' && SELECT_TYPES.has(component.type)) {
		errors.string([...path, 'custom_id'], component.custom_id, { min: 1, max: 100, required: true });
		errors.string([...path, 'placeholder'], component.placeholder, { max: 150 });
		const options = errors.array([...path, 'options'], component.options, 25, component.type === 3 ? 1 : 0);
		options.forEach((raw, i) => {
			const option = errors.object([...path, 'options', i], raw);
			if (option === undefined) return;
			errors.string([...path, 'options', i, 'label'], option.label, { min: 1, max: 100, required: true });
			errors.string([...path, 'options', i, 'value'], option.value, { min: 1, max: 100, required: true });
			errors.string([...path, 'options', i, 'description'], option.description, { max: 100 });
		});
	}
	if (Array.isArray(component.components)) {
		component.components.forEach((child, i) => checkComponent(errors, [...path, 'components', i], child));
	}
	if (component.accessory !== undefined) checkComponent(errors, [...path, 'accessory'], component.accessory);
}

function checkComponents(errors: FormErrors, path: Path, value: unknown, flags: number): void {
	const v2 = (flags & MESSAGE_FLAGS.IS_COMPONENTS_V2) !== 0;
	const rows = errors.array(path, value, v2 ? 40 : 5);
	rows.forEach((raw, i) => {
		const rowPath = [...path, i];
		if (!v2) {
			const row = errors.object(rowPath, raw);
			if (row === undefined) return;
			if (row.type !== 1) {
				errors.add([...rowPath, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1}.');
				return;
			}
			const children = errors.array([...rowPath, 'components'], row.components, 5, 1);
			const selects = children.filter((c) => isObject(c) && SELECT_TYPES.has(c.type as number)).length;
			if (selects > 0 && children.length > 1) {
				errors.add(
					[...rowPath, 'components'],
					'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
					'The specified component exceeds the maximum width',
				);
			}
		}
		checkComponent(errors, rowPath, raw);
	});
}

/** Checks a message payload (create or edit) against Discord's limits. */
function checkMessage(errors: FormErrors, path: Path, value: unknown, fileCount: number): void {
	if (value === undefined || value === null) return;
	const message = errors.object(path, value);
	if (message === undefined) return;
	errors.string([...path, 'content'], message.content, { max: 2000 });
	const embeds = errors.array([...path, 'embeds'], message.embeds, 10);
	let total = 0;
	embeds.forEach((embed, i) => {
		total += checkEmbed(errors, [...path, 'embeds', i], embed);
	});
	if (total > 6000)
		errors.add([...path, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
	const flags = typeof message.flags === 'number' ? message.flags : 0;
	checkComponents(errors, [...path, 'components'], message.components, flags);
	errors.array([...path, 'attachments'], message.attachments, 10);
	if (fileCount > 10) errors.add(['files'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
}

/** True when a message would show nothing, which Discord answers with 50006. */
function isEmptyMessage(message: Json, fileCount: number): boolean {
	const nonEmptyArray = (v: unknown): boolean => Array.isArray(v) && v.length > 0;
	const hasContent = typeof message.content === 'string' && message.content.trim() !== '';
	return (
		!hasContent &&
		!nonEmptyArray(message.embeds) &&
		!nonEmptyArray(message.components) &&
		!nonEmptyArray(message.attachments) &&
		!nonEmptyArray(message.sticker_ids) &&
		!isObject(message.poll) &&
		fileCount === 0
	);
}

function checkAutocomplete(errors: FormErrors, data: unknown): void {
	const body = errors.object(['data'], data);
	if (body === undefined) return;
	if (body.choices === undefined || body.choices === null) {
		errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
		return;
	}
	const choices = errors.array(['data', 'choices'], body.choices, 25);
	choices.forEach((raw, i) => {
		const choice = errors.object(['data', 'choices', i], raw);
		if (choice === undefined) return;
		errors.string(['data', 'choices', i, 'name'], choice.name, { min: 1, max: 100, required: true });
		if (typeof choice.value === 'string') errors.string(['data', 'choices', i, 'value'], choice.value, { max: 100 });
		else if (typeof choice.value !== 'number') {
			errors.add(['data', 'choices', i, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
		}
	});
}

function checkModal(errors: FormErrors, data: unknown): void {
	const modal = errors.object(['data'], data);
	if (modal === undefined) return;
	errors.string(['data', 'custom_id'], modal.custom_id, { min: 1, max: 100, required: true });
	errors.string(['data', 'title'], modal.title, { min: 1, max: 45, required: true });
	const rows = errors.array(['data', 'components'], modal.components, 5, 1);
	rows.forEach((row, i) => checkComponent(errors, ['data', 'components', i], row));
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkCommandOptions(errors: FormErrors, path: Path, value: unknown): void {
	const options = errors.array(path, value, 25);
	let sawOptional = false;
	const names = new Set<string>();
	options.forEach((raw, i) => {
		const option = errors.object([...path, i], raw);
		if (option === undefined) return;
		const name = option.name;
		if (typeof name !== 'string' || !COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
			errors.add([...path, i, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
		} else if (names.has(name)) {
			errors.add([...path, i, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option name already exists');
		} else names.add(name);
		errors.string([...path, i, 'description'], option.description, { min: 1, max: 100, required: true });
		const isGroup = option.type === 1 || option.type === 2;
		if (!isGroup) {
			if (option.required === true && sawOptional) {
				errors.add(
					[...path, i, 'required'],
					'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
					'Required options must be placed before non-required options',
				);
			}
			if (option.required !== true) sawOptional = true;
		}
		const choices = errors.array([...path, i, 'choices'], option.choices, 25);
		choices.forEach((rawChoice, j) => {
			const choice = errors.object([...path, i, 'choices', j], rawChoice);
			if (choice === undefined) return;
			errors.string([...path, i, 'choices', j, 'name'], choice.name, { min: 1, max: 100, required: true });
			if (typeof choice.value === 'string')
				errors.string([...path, i, 'choices', j, 'value'], choice.value, { max: 100 });
		});
		if (option.choices !== undefined && option.autocomplete === true) {
			errors.add(
				[...path, i, 'autocomplete'],
				'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID',
				'Autocomplete cannot be set with choices',
			);
		}
		if (isGroup) checkCommandOptions(errors, [...path, i, 'options'], option.options);
	});
}

function checkCommands(errors: FormErrors, value: unknown): Json[] {
	if (!Array.isArray(value)) {
		errors.add([], 'LIST_TYPE_CONVERT', 'Only iterables may be used in a ListType');
		return [];
	}
	errors.array([], value, 110);
	const seen = new Set<string>();
	const commands: Json[] = [];
	value.forEach((raw, i) => {
		const command = errors.object([i], raw);
		if (command === undefined) return;
		commands.push(command);
		const type = typeof command.type === 'number' ? command.type : 1;
		const name = command.name;
		if (type === 1) {
			if (typeof name !== 'string' || !COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
				errors.add([i, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
			}
			errors.string([i, 'description'], command.description, { min: 1, max: 100, required: true });
			checkCommandOptions(errors, [i, 'options'], command.options);
		} else {
			// User and message commands (context menus): a name of up to 32 characters, no description, no options.
			errors.string([i, 'name'], name, { min: 1, max: 32, required: true });
			if (typeof command.description === 'string' && command.description !== '') {
				errors.add(
					[i, 'description'],
					'APPLICATION_COMMAND_INVALID_DESCRIPTION',
					'Context menu commands cannot have a description',
				);
			}
			if (Array.isArray(command.options) && command.options.length > 0) {
				errors.add([i, 'options'], 'APPLICATION_COMMAND_INVALID_OPTIONS', 'Context menu commands cannot have options');
			}
		}
		const key = `${type}:${String(name)}`;
		if (seen.has(key))
			errors.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
		seen.add(key);
	});
	return commands;
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------------

/** The default guild fixture (FAKE_IDS): tests that need more channels start from it. */
export function defaultGuilds(): FakeGuildOptions[] {
	return [
		{
			id: FAKE_IDS.guild,
			name: 'NGO Watch Test Server',
			ownerId: FAKE_IDS.owner,
			channels: [
				{ id: FAKE_IDS.generalChannel, name: 'general', position: 0 },
				{ id: FAKE_IDS.digestChannel, name: 'digest', position: 1, topic: 'Weekly digest' },
				{
					id: FAKE_IDS.announcementsChannel,
					name: 'announcements',
					position: 2,
					permissionOverwrites: [{ id: FAKE_IDS.guild, type: 0, deny: PERMISSIONS.SEND_MESSAGES }],
				},
			],
		},
	];
}

function makeUser(partial: Partial<ApiUser> | undefined, fallbackId: string, fallbackName: string): ApiUser {
	return {
		id: fallbackId,
		username: fallbackName,
		discriminator: '0',
		global_name: null,
		avatar: null,
		...partial,
	};
}

interface GuildState {
	api: ApiGuild;
	botRoleIds: string[];
}

function buildGuild(options: FakeGuildOptions, botUser: ApiUser, joinedAt: string): GuildState {
	const roles: ApiRole[] = (options.roles ?? []).map((role, i) => ({
		id: role.id,
		name: role.name,
		permissions: toBigInt(role.permissions).toString(),
		position: role.position ?? i + 1,
		color: role.color ?? 0,
		colors: { primary_color: role.color ?? 0, secondary_color: null, tertiary_color: null },
		hoist: role.hoist ?? false,
		icon: null,
		unicode_emoji: null,
		managed: role.managed ?? false,
		mentionable: role.mentionable ?? false,
		flags: 0,
	}));
	if (!roles.some((role) => role.id === options.id)) {
		roles.unshift({
			id: options.id,
			name: '@everyone',
			permissions: DEFAULT_EVERYONE_PERMISSIONS.toString(),
			position: 0,
			color: 0,
			colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
			hoist: false,
			icon: null,
			unicode_emoji: null,
			managed: false,
			mentionable: false,
			flags: 0,
		});
	}
	const channels: ApiChannel[] = options.channels.map((channel, i) => ({
		id: channel.id,
		type: channel.type ?? 0,
		guild_id: options.id,
		name: channel.name,
		position: channel.position ?? i,
		parent_id: channel.parentId ?? null,
		topic: channel.topic ?? null,
		nsfw: channel.nsfw ?? false,
		last_message_id: null,
		rate_limit_per_user: 0,
		flags: 0,
		permission_overwrites: (channel.permissionOverwrites ?? []).map((o) => ({
			id: o.id,
			type: o.type,
			allow: toBigInt(o.allow).toString(),
			deny: toBigInt(o.deny).toString(),
		})),
	}));
	const botRoleIds = options.botRoleIds ?? [];
	const api: ApiGuild = {
		id: options.id,
		name: options.name,
		icon: null,
		splash: null,
		discovery_splash: null,
		banner: null,
		description: null,
		owner_id: options.ownerId,
		afk_channel_id: null,
		afk_timeout: 300,
		widget_enabled: false,
		verification_level: 0,
		default_message_notifications: 0,
		explicit_content_filter: 0,
		mfa_level: 0,
		nsfw_level: 0,
		premium_tier: 0,
		premium_subscription_count: 0,
		premium_progress_bar_enabled: false,
		preferred_locale: 'en-US',
		application_id: null,
		system_channel_id: null,
		system_channel_flags: 0,
		rules_channel_id: null,
		public_updates_channel_id: null,
		safety_alerts_channel_id: null,
		vanity_url_code: null,
		max_members: 500000,
		max_presences: null,
		max_video_channel_users: 25,
		max_stage_video_channel_users: 50,
		incidents_data: null,
		roles,
		channels,
		emojis: [],
		stickers: [],
		features: [],
		// GUILD_CREATE extras.
		joined_at: joinedAt,
		large: false,
		lazy: true,
		unavailable: false,
		member_count: options.memberCount ?? 2,
		members: [
			{
				user: botUser,
				roles: botRoleIds,
				joined_at: joinedAt,
				nick: null,
				avatar: null,
				premium_since: null,
				deaf: false,
				mute: false,
				pending: false,
				flags: 0,
				communication_disabled_until: null,
			},
		],
		threads: [],
		presences: [],
		voice_states: [],
		stage_instances: [],
		guild_scheduled_events: [],
		soundboard_sounds: [],
	};
	return { api, botRoleIds };
}

/** Discord's permission algorithm: base role permissions, then @everyone, role and member overwrites. */
function computePermissions(
	guild: ApiGuild,
	channel: ApiChannel | undefined,
	userId: string,
	roleIds: string[],
): bigint {
	if (userId === guild.owner_id) return ALL_PERMISSIONS;
	const everyone = guild.roles.find((r) => r.id === guild.id);
	let base = toBigInt(everyone?.permissions);
	for (const role of guild.roles) if (roleIds.includes(role.id)) base |= toBigInt(role.permissions);
	if ((base & PERMISSIONS.ADMINISTRATOR) !== 0n) return ALL_PERMISSIONS;
	const overwrites = channel?.permission_overwrites ?? [];
	const everyoneOverwrite = overwrites.find((o) => o.id === guild.id);
	if (everyoneOverwrite) {
		base &= ~toBigInt(everyoneOverwrite.deny);
		base |= toBigInt(everyoneOverwrite.allow);
	}
	let allow = 0n;
	let deny = 0n;
	for (const o of overwrites) {
		if (o.type === 0 && o.id !== guild.id && roleIds.includes(o.id)) {
			allow |= toBigInt(o.allow);
			deny |= toBigInt(o.deny);
		}
	}
	base = (base & ~deny) | allow;
	const memberOverwrite = overwrites.find((o) => o.type === 1 && o.id === userId);
	if (memberOverwrite) base = (base & ~toBigInt(memberOverwrite.deny)) | toBigInt(memberOverwrite.allow);
	return base;
}

// ---------------------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------------------

interface GatewayPayload {
	op: number;
	d: unknown;
	s: number | null;
	t: string | null;
}

interface Session {
	id: string;
	shard: [number, number];
	intents: number;
	seq: number;
	/** Dispatches of this session, kept for replay on RESUME. */
	buffer: GatewayPayload[];
	connection?: Connection;
}

interface Connection {
	record: GatewayConnection;
	socket: WebSocket;
	session?: Session;
}

interface InteractionState {
	id: string;
	token: string;
	type: number;
	payload: Json;
	createdAt: number;
	channelId: string;
	guildId?: string;
	/** Who sent it and how (kept so that clicks on its messages come from the same place). */
	context: InteractionContext;
	ack?: { type: number; at: number };
	original?: ApiMessage;
	followups: Map<string, ApiMessage>;
}

interface Fault {
	method: string;
	pathRegex: RegExp;
	spec: FaultSpec;
	remaining: number;
	hits: RecordedRequest[];
}

interface Answer {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

interface Waiter {
	check(): void;
	fail(error: Error): void;
}

class HttpError extends Error {
	constructor(readonly answer: Answer) {
		super(`HTTP ${answer.status}`);
	}
}

interface RouteContext {
	request: RecordedRequest;
	params: string[];
}

interface Route {
	method: string;
	pattern: RegExp;
	/** Whether `Authorization: Bot <token>` is required (token-authenticated webhook routes do not need it). */
	auth: boolean;
	handle(context: RouteContext): Answer;
}

class FakeDiscordServer implements FakeDiscord {
	port = 0;
	apiBase = '';
	gatewayUrl = '';
	readonly token: string;
	readonly applicationId: string;
	readonly botUser: ApiUser;
	readonly guilds: ApiGuild[];
	readonly ackDeadlineMs: number;
	readonly tokenLifetimeMs: number;
	ackHeartbeats = true;

	readonly requests: RecordedRequest[] = [];
	readonly frames: GatewayFrame[] = [];
	readonly connections: GatewayConnection[] = [];
	readonly identifies: IdentifyRecord[] = [];
	readonly sessionStarts: SessionStart[] = [];
	readonly violations: Violation[] = [];
	readonly warnings: Warning[] = [];
	readonly pings: Ping[] = [];
	readonly deletions: Deletion[] = [];
	readonly messages: ApiMessage[] = [];

	private readonly guildStates: GuildState[];
	private readonly heartbeatIntervalMs: number;
	private readonly recommendedShards: number;
	private readonly maxUploadBytes: number;
	private readonly server = createServer();
	private readonly wss = new WebSocketServer({ noServer: true });
	private readonly liveConnections = new Set<Connection>();
	private readonly sessions = new Map<number, Session>();
	private readonly interactionsById = new Map<string, InteractionState>();
	private readonly interactionsByToken = new Map<string, InteractionState>();
	private readonly messagesById = new Map<string, ApiMessage>();
	/** Where an interaction's messages are (guild, install, private channel): clicks on them come from there. */
	private readonly messageContexts = new Map<string, InteractionContext>();
	private readonly registeredCommands = new Map<string, Json[]>();
	private readonly commandIds = new Map<string, string>();
	private readonly faults: Fault[] = [];
	private readonly waiters = new Set<Waiter>();
	private readonly routes: Route[];
	private clockOffset = 0;
	private readonly nonces = new Map<string, { message: ApiMessage; at: number }>();
	private readonly dmChannels = new Map<string, ApiChannel>();
	private readonly dmBlockers = new Set<string>();
	private snowflakeIncrement = 0;
	private connectionCount = 0;
	private closing: Promise<void> | undefined;

	constructor(options: FakeDiscordOptions) {
		this.applicationId = options.applicationId ?? FAKE_IDS.application;
		this.botUser = makeUser({ bot: true, ...options.botUser }, this.applicationId, 'ngo-bot');
		this.botUser.bot = true;
		this.token =
			options.token ?? `${Buffer.from(this.botUser.id).toString('base64url')}.${randomToken(4)}.${randomToken(27)}`;
		this.ackDeadlineMs = options.ackDeadlineMs ?? 3000;
		this.tokenLifetimeMs = options.tokenLifetimeMs ?? 15 * 60_000;
		this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
		this.recommendedShards = options.recommendedShards ?? 1;
		this.maxUploadBytes = options.maxUploadBytes ?? 10 * 1024 * 1024;
		const joinedAt = new Date().toISOString();
		this.guildStates = (options.guilds ?? defaultGuilds()).map((g) => buildGuild(g, this.botUser, joinedAt));
		this.guilds = this.guildStates.map((g) => g.api);
		this.routes = this.buildRoutes();
	}

	async listen(): Promise<void> {
		this.server.on('request', (req, res) => {
			this.handleHttp(req, res).catch((error: unknown) => {
				console.error('fake-discord: request handler failed', error);
				if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ message: '500: Internal Server Error', code: 0 }));
			});
		});
		this.server.on('upgrade', (req, socket, head) => {
			const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
			if (path !== '/gateway') {
				socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
				return;
			}
			this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
		});
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(0, '127.0.0.1', () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		this.port = (this.server.address() as AddressInfo).port;
		this.apiBase = `http://127.0.0.1:${this.port}/api`;
		this.gatewayUrl = `ws://127.0.0.1:${this.port}/gateway`;
	}

	// ----- clock, ids, waiting ---------------------------------------------------------------------------------

	private now(): number {
		return Date.now() + this.clockOffset;
	}

	advanceClock(ms: number): void {
		this.clockOffset += ms;
	}

	private snowflake(): string {
		const increment = BigInt(this.snowflakeIncrement++ & 0xfff);
		return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
	}

	private waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
		const found = probe();
		if (found !== undefined) return Promise.resolve(found);
		if (this.closing) return Promise.reject(new Error(`fake-discord is closed; was waiting for ${what()}`));
		return new Promise<T>((resolve, reject) => {
			const finish = (): void => {
				clearTimeout(timer);
				this.waiters.delete(waiter);
			};
			const waiter: Waiter = {
				check: () => {
					const value = probe();
					if (value === undefined) return;
					finish();
					resolve(value);
				},
				fail: (error) => {
					finish();
					reject(error);
				},
			};
			const timer = setTimeout(
				() => waiter.fail(new Error(`fake-discord: timed out after ${timeoutMs} ms waiting for ${what()}`)),
				timeoutMs,
			);
			this.waiters.add(waiter);
		});
	}

	private notify(): void {
		for (const waiter of [...this.waiters]) waiter.check();
	}

	waitForRest(method: string, pathRegex: RegExp, options: WaitForRestOptions = {}): Promise<RecordedRequest> {
		const since = options.since ?? this.requests.length;
		const upper = method.toUpperCase();
		const matches = (r: RecordedRequest): boolean => {
			pathRegex.lastIndex = 0;
			return (
				r.method === upper &&
				(r.status !== undefined || r.hung === true) &&
				pathRegex.test(r.path) &&
				(options.predicate?.(r) ?? true)
			);
		};
		return this.waitUntil(
			() => this.requests.slice(since).find(matches),
			options.timeoutMs ?? DEFAULT_WAIT_MS,
			() => {
				const seen = this.requests
					.slice(since)
					.map((r) => `${r.method} ${r.path} → ${r.status ?? (r.hung ? 'hung' : 'pending')}`);
				return `${upper} ${String(pathRegex)} (requests since #${since}: ${seen.join('; ') || 'none'})`;
			},
		);
	}

	waitForFrame(predicate: (frame: GatewayFrame) => boolean, options: WaitOptions = {}): Promise<GatewayFrame> {
		const since = options.since ?? this.frames.length;
		return this.waitUntil(
			() => this.frames.slice(since).find(predicate),
			options.timeoutMs ?? DEFAULT_WAIT_MS,
			() => `a gateway frame (frames since #${since}: ${this.describeFrames(since)})`,
		);
	}

	waitForReady(options: WaitOptions = {}): Promise<SessionStart> {
		return this.waitForSessionStart('ready', options);
	}

	waitForResumed(options: WaitOptions = {}): Promise<SessionStart> {
		return this.waitForSessionStart('resumed', options);
	}

	private waitForSessionStart(kind: SessionStart['kind'], options: WaitOptions): Promise<SessionStart> {
		const since = options.since ?? 0;
		return this.waitUntil(
			() => this.sessionStarts.slice(since).find((s) => s.kind === kind),
			options.timeoutMs ?? DEFAULT_WAIT_MS,
			() =>
				`${kind === 'ready' ? 'READY' : 'RESUMED'} (frames: ${this.describeFrames(Math.max(0, this.frames.length - 20))})`,
		);
	}

	waitForIdentify(options: WaitOptions = {}): Promise<IdentifyRecord> {
		const since = options.since ?? 0;
		return this.waitUntil(
			() => this.identifies[since],
			options.timeoutMs ?? DEFAULT_WAIT_MS,
			() => `IDENTIFY #${since}`,
		);
	}

	private describeFrames(since: number): string {
		const list = this.frames.slice(since).map((f) => `${f.direction} op${f.op}${f.t ? ` ${f.t}` : ''}`);
		return list.join(', ') || 'none';
	}

	interactionResponses(interactionId: string): RecordedRequest[] {
		return this.requests.filter((r) => r.interactionId === interactionId);
	}

	channelMessages(channelId: string): ApiMessage[] {
		return this.messages.filter((m) => m.channel_id === channelId && m.webhook_id === undefined);
	}

	commands(guildId?: string): Json[] {
		return this.registeredCommands.get(guildId ?? 'global') ?? [];
	}

	// ----- gateway ---------------------------------------------------------------------------------------------

	private onConnection(socket: WebSocket, req: IncomingMessage): void {
		const record: GatewayConnection = { id: ++this.connectionCount, url: req.url ?? '', openedAt: Date.now() };
		this.connections.push(record);
		const connection: Connection = { record, socket };
		this.liveConnections.add(connection);
		socket.on('message', (data, isBinary) => this.onGatewayMessage(connection, data, isBinary));
		socket.on('error', () => {});
		socket.on('close', (code) => {
			this.liveConnections.delete(connection);
			record.closedAt ??= Date.now();
			record.closeCode ??= code;
			record.closedBy ??= 'client';
			const session = connection.session;
			if (session && session.connection === connection) {
				session.connection = undefined;
				// A client closing with 1000/1001 ends its session, as at Discord.
				if (record.closedBy === 'client' && (code === 1000 || code === 1001)) this.forgetSession(session);
			}
			this.notify();
		});
		const query = new URL(record.url, 'http://127.0.0.1').searchParams;
		if (query.get('v') !== '10' || (query.get('encoding') ?? 'json') !== 'json') {
			// The fake speaks v10 JSON only (ETF, like zlib-stream, is not emulated).
			this.closeConnection(connection, 4012, 'Invalid API version or encoding.');
			return;
		}
		this.send(connection, {
			op: 10,
			d: { heartbeat_interval: this.heartbeatIntervalMs, _trace: ['fake-gateway'] },
			s: null,
			t: null,
		});
	}

	private send(connection: Connection, payload: GatewayPayload, replayed = false): void {
		if (connection.socket.readyState !== WebSocket.OPEN) return;
		connection.socket.send(JSON.stringify(payload));
		this.frames.push({
			index: this.frames.length,
			connectionId: connection.record.id,
			direction: 'out',
			op: payload.op,
			t: payload.t,
			s: payload.s,
			d: payload.d,
			at: Date.now(),
			...(replayed ? { replayed } : {}),
		});
		this.notify();
	}

	private closeConnection(connection: Connection, code: number, reason = ''): void {
		connection.record.closedAt = Date.now();
		connection.record.closeCode = code;
		connection.record.closedBy = 'server';
		connection.socket.close(code, reason);
	}

	private onGatewayMessage(connection: Connection, data: RawData, isBinary: boolean): void {
		let payload: GatewayPayload;
		try {
			const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
			const parsed: unknown = JSON.parse(text);
			if (!isObject(parsed) || typeof parsed.op !== 'number') throw new Error('not a payload');
			payload = { op: parsed.op, d: parsed.d ?? null, s: null, t: null };
		} catch {
			this.closeConnection(connection, 4002, 'Error while decoding payload.');
			return;
		}
		this.frames.push({
			index: this.frames.length,
			connectionId: connection.record.id,
			direction: 'in',
			op: payload.op,
			t: null,
			s: null,
			d: payload.d,
			at: Date.now(),
		});
		this.notify();
		switch (payload.op) {
			case 1:
				if (this.ackHeartbeats) this.send(connection, { op: 11, d: null, s: null, t: null });
				return;
			case 2:
				this.onIdentify(connection, payload.d);
				return;
			case 6:
				this.onResume(connection, payload.d);
				return;
			case 3:
			case 4:
			case 8:
				if (!connection.session) this.closeConnection(connection, 4003, 'Not authenticated.');
				return;
			default:
				this.closeConnection(connection, 4001, 'Unknown opcode.');
		}
	}

	private onIdentify(connection: Connection, d: unknown): void {
		if (connection.session) {
			this.closeConnection(connection, 4005, 'Already authenticated.');
			return;
		}
		const identify = isObject(d) ? d : {};
		const rawShard = identify.shard;
		const shard: [number, number] =
			Array.isArray(rawShard) && typeof rawShard[0] === 'number' && typeof rawShard[1] === 'number'
				? [rawShard[0], rawShard[1]]
				: [0, 1];
		this.identifies.push({
			index: this.identifies.length,
			connectionId: connection.record.id,
			token: String(identify.token),
			intents: typeof identify.intents === 'number' ? identify.intents : 0,
			shard,
			properties: identify.properties,
			at: Date.now(),
		});
		this.notify();
		if (identify.token !== this.token) {
			this.closeConnection(connection, 4004, 'Authentication failed.');
			return;
		}
		if (shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) {
			this.closeConnection(connection, 4010, 'Invalid shard.');
			return;
		}
		const previous = this.sessions.get(shard[0]);
		if (previous?.connection && previous.connection !== connection) {
			this.closeConnection(previous.connection, 4000, 'Superseded by a new session.');
		}
		const session: Session = {
			id: randomBytes(16).toString('hex'),
			shard,
			intents: typeof identify.intents === 'number' ? identify.intents : 0,
			seq: 0,
			buffer: [],
			connection,
		};
		connection.session = session;
		this.sessions.set(shard[0], session);
		const guilds = this.guilds.filter((g) => shardOf(g.id, shard[1]) === shard[0]);
		this.dispatchTo(session, 'READY', {
			v: 10,
			user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0, email: null },
			guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
			session_id: session.id,
			session_type: 'normal',
			resume_gateway_url: this.gatewayUrl,
			shard,
			application: { id: this.applicationId, flags: 0 },
			private_channels: [],
			relationships: [],
			presences: [],
			guild_join_requests: [],
			geo_ordered_rtc_regions: [],
			user_settings: {},
			_trace: ['fake-gateway'],
		});
		this.sessionStarts.push({
			index: this.sessionStarts.length,
			kind: 'ready',
			connectionId: connection.record.id,
			sessionId: session.id,
			shard,
			replayed: 0,
			at: Date.now(),
		});
		for (const guild of guilds) this.dispatchTo(session, 'GUILD_CREATE', guild);
		this.notify();
	}

	private onResume(connection: Connection, d: unknown): void {
		if (connection.session) {
			this.closeConnection(connection, 4005, 'Already authenticated.');
			return;
		}
		const resume = isObject(d) ? d : {};
		if (resume.token !== this.token) {
			this.closeConnection(connection, 4004, 'Authentication failed.');
			return;
		}
		const session = [...this.sessions.values()].find((s) => s.id === resume.session_id);
		const seq = typeof resume.seq === 'number' ? resume.seq : 0;
		if (!session || seq > session.seq) {
			this.send(connection, { op: 9, d: false, s: null, t: null });
			return;
		}
		if (session.connection && session.connection !== connection) {
			this.closeConnection(session.connection, 4000, 'Session resumed elsewhere.');
		}
		session.connection = connection;
		connection.session = session;
		const missed = session.buffer.filter((frame) => (frame.s ?? 0) > seq);
		for (const frame of missed) this.send(connection, frame, true);
		this.dispatchTo(session, 'RESUMED', { _trace: ['fake-gateway'] });
		this.sessionStarts.push({
			index: this.sessionStarts.length,
			kind: 'resumed',
			connectionId: connection.record.id,
			sessionId: session.id,
			shard: session.shard,
			replayed: missed.length,
			at: Date.now(),
		});
		this.notify();
	}

	private forgetSession(session: Session): void {
		if (this.sessions.get(session.shard[0]) === session) this.sessions.delete(session.shard[0]);
	}

	private dispatchTo(session: Session, event: string, data: unknown): number {
		const payload: GatewayPayload = { op: 0, t: event, s: ++session.seq, d: data };
		session.buffer.push(payload);
		if (session.buffer.length > 5000) session.buffer.shift();
		if (session.connection) this.send(session.connection, payload);
		return payload.s ?? 0;
	}

	private sessionFor(guildId: string | undefined): Session {
		const any = this.sessions.values().next().value;
		if (any === undefined) {
			throw new Error('fake-discord: no gateway session; log a client in (and wait for ready) first');
		}
		const shard = shardOf(guildId, any.shard[1]);
		const session = this.sessions.get(shard);
		if (!session) throw new Error(`fake-discord: no gateway session on shard ${shard}`);
		return session;
	}

	dispatch(event: string, data: unknown, options: { guildId?: string } = {}): number {
		const guildId =
			options.guildId ?? (isObject(data) && typeof data.guild_id === 'string' ? data.guild_id : undefined);
		return this.dispatchTo(this.sessionFor(guildId), event, data);
	}

	closeGateway(code = 4000, reason = ''): Promise<void> {
		const closing = [...this.liveConnections].map(
			(connection) =>
				new Promise<void>((resolve) => {
					if (connection.socket.readyState === WebSocket.CLOSED) {
						resolve();
						return;
					}
					const timer = setTimeout(() => {
						connection.socket.terminate();
						resolve();
					}, 2000);
					connection.socket.once('close', () => {
						clearTimeout(timer);
						resolve();
					});
					if (connection.session && NON_RESUMABLE_CLOSE_CODES.has(code)) this.forgetSession(connection.session);
					this.closeConnection(connection, code, reason);
				}),
		);
		return Promise.all(closing).then(() => undefined);
	}

	blockDirectMessages(userId: string, blocked = true): void {
		if (blocked) this.dmBlockers.add(userId);
		else this.dmBlockers.delete(userId);
	}

	directMessages(userId: string): ApiMessage[] {
		const channel = [...this.dmChannels.values()].find((c) => c.recipient_id === userId);
		return channel ? this.channelMessages(channel.id) : [];
	}

	dropGateway(): void {
		for (const connection of this.liveConnections) connection.socket.terminate();
	}

	requestReconnect(): void {
		for (const connection of this.liveConnections) this.send(connection, { op: 7, d: null, s: null, t: null });
	}

	invalidateSession(resumable = false): void {
		for (const connection of this.liveConnections) {
			if (!resumable && connection.session) {
				this.forgetSession(connection.session);
				connection.session = undefined;
			}
			this.send(connection, { op: 9, d: resumable, s: null, t: null });
		}
	}

	// ----- interactions ----------------------------------------------------------------------------------------

	private findChannel(channelId: string): { channel: ApiChannel; guild?: GuildState } | undefined {
		for (const guild of this.guildStates) {
			const channel = guild.api.channels.find((c) => c.id === channelId);
			if (channel) return { channel, guild };
		}
		const dm = this.dmChannels.get(channelId);
		return dm ? { channel: dm } : undefined;
	}

	sendInteraction(partial: Json = {}, context: InteractionContext = {}): SentInteraction {
		const id = this.snowflake();
		const token = `aW50ZXJhY3Rpb246${randomToken(96)}`;
		const type = typeof partial.type === 'number' ? partial.type : INTERACTION_TYPE.APPLICATION_COMMAND;
		const user = makeUser(context.user, FAKE_IDS.user, 'tester');
		const dm = context.guildId === null || partial.guild_id === null;
		const userInstall = context.install === 'user';
		const base: Json = {
			id,
			application_id: this.applicationId,
			type,
			token,
			version: 1,
			data: {},
			locale: context.locale ?? 'en-US',
			entitlements: [],
			attachment_size_limit: this.maxUploadBytes,
		};
		// What an app installed on a user's account may do where the bot itself is not (Discord's external app limits).
		const userAppPermissions = (
			PERMISSIONS.VIEW_CHANNEL |
			PERMISSIONS.SEND_MESSAGES |
			PERMISSIONS.EMBED_LINKS |
			PERMISSIONS.ATTACH_FILES |
			PERMISSIONS.READ_MESSAGE_HISTORY
		).toString();
		let channelId: string;
		let guildId: string | undefined;
		if (dm) {
			channelId = context.channelId ?? `${BigInt(user.id) + 7n}`;
			const privateChannel = userInstall && context.privateChannel === true;
			// A DM with the bot (context 1), or a DM or group DM between users the bot is not part of (context 2).
			const channel = privateChannel
				? {
						id: channelId,
						type: 3,
						name: null,
						last_message_id: null,
						flags: 0,
						recipients: [user, makeUser({}, `${BigInt(user.id) + 1n}`, 'friend')],
					}
				: { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [user] };
			Object.assign(base, {
				channel,
				channel_id: channelId,
				user,
				app_permissions: userAppPermissions,
				authorizing_integration_owners: userInstall ? { '1': user.id } : { '0': '0' },
				context: privateChannel ? 2 : 1,
			});
		} else {
			const requestedGuild =
				context.guildId ?? (typeof partial.guild_id === 'string' ? partial.guild_id : undefined) ?? this.guilds[0]?.id;
			if (requestedGuild === undefined) throw new Error('fake-discord: no guild fixture to send the interaction in');
			const guild = this.guildStates.find((g) => g.api.id === requestedGuild);
			if (!guild) {
				// A server without the bot: only an app installed on the user's account can be used there.
				if (!userInstall) throw new Error(`fake-discord: no guild fixture ${requestedGuild} (use install: 'user')`);
				guildId = requestedGuild;
				channelId = context.channelId ?? `${BigInt(requestedGuild) + 1n}`;
				Object.assign(base, {
					guild_id: guildId,
					guild: { id: guildId, locale: 'en-US', features: [] },
					guild_locale: 'en-US',
					channel: {
						id: channelId,
						type: 0,
						guild_id: guildId,
						name: 'elsewhere',
						position: 0,
						parent_id: null,
						nsfw: false,
						flags: 0,
						permission_overwrites: [],
					},
					channel_id: channelId,
					member: this.memberPayload(
						user,
						context.roles ?? [],
						toBigInt(context.memberPermissions, DEFAULT_EVERYONE_PERMISSIONS),
					),
					app_permissions: userAppPermissions,
					authorizing_integration_owners: { '1': user.id },
					context: 0,
				});
			} else {
				guildId = guild.api.id;
				const requestedChannel =
					context.channelId ??
					(typeof partial.channel_id === 'string' ? partial.channel_id : undefined) ??
					guild.api.channels.find((c) => TEXT_CHANNEL_TYPES.has(c.type))?.id;
				const channel = guild.api.channels.find((c) => c.id === requestedChannel);
				if (!channel) throw new Error(`fake-discord: no channel ${String(requestedChannel)} in guild ${guildId}`);
				channelId = channel.id;
				const roles = context.roles ?? [];
				const memberPermissions =
					context.memberPermissions !== undefined
						? toBigInt(context.memberPermissions)
						: computePermissions(guild.api, channel, user.id, roles);
				Object.assign(base, {
					guild_id: guildId,
					guild: { id: guildId, locale: 'en-US', features: [] },
					guild_locale: 'en-US',
					channel: { ...channel },
					channel_id: channelId,
					member: this.memberPayload(user, roles, memberPermissions),
					app_permissions: computePermissions(guild.api, channel, this.botUser.id, guild.botRoleIds).toString(),
					authorizing_integration_owners: userInstall ? { '1': user.id } : { '0': guildId },
					context: 0,
				});
			}
		}
		const payload: Json = { ...base, ...partial, id, token };
		// Throws (before anything is registered) when no client is connected.
		const session = this.sessionFor(guildId);
		const state: InteractionState = {
			id,
			token,
			type,
			payload,
			createdAt: this.now(),
			channelId,
			guildId,
			context,
			followups: new Map(),
		};
		if (
			(type === INTERACTION_TYPE.MESSAGE_COMPONENT || type === INTERACTION_TYPE.MODAL_SUBMIT) &&
			isObject(payload.message)
		) {
			const message = payload.message as ApiMessage;
			state.original = this.messagesById.get(message.id) ?? message;
		}
		this.interactionsById.set(id, state);
		this.interactionsByToken.set(token, state);
		this.dispatchTo(session, 'INTERACTION_CREATE', payload);
		return { id, token };
	}

	private memberPayload(user: ApiUser, roles: string[], permissions: bigint): Json {
		return {
			user,
			roles,
			permissions: permissions.toString(),
			joined_at: new Date(Date.now() - 86_400_000).toISOString(),
			nick: null,
			avatar: null,
			banner: null,
			premium_since: null,
			deaf: false,
			mute: false,
			pending: false,
			flags: 0,
			communication_disabled_until: null,
			unusual_dm_activity_until: null,
		};
	}

	private commandId(name: string, guildId: string | undefined): string {
		const registered = [...this.commands(guildId), ...this.commands()].find(
			(c) => c.name === name && (c.type ?? 1) === 1,
		);
		if (registered && typeof registered.id === 'string') return registered.id;
		const key = `1:${name}`;
		let id = this.commandIds.get(key);
		if (id === undefined) {
			id = this.snowflake();
			this.commandIds.set(key, id);
		}
		return id;
	}

	private commandData(name: string, options: FakeCommandOption[], context: InteractionContext): Json {
		const guildId = context.guildId === null ? undefined : (context.guildId ?? this.guilds[0]?.id);
		const data: Json = { id: this.commandId(name, guildId), name, type: 1 };
		if (guildId !== undefined && this.commands(guildId).some((c) => c.name === name)) data.guild_id = guildId;
		if (options.length > 0) data.options = toApiOptions(options);
		const channels = this.resolvedChannels(options, context, guildId);
		const users = resolvedUsers(options);
		const roles = this.resolvedRoles(options, guildId);
		if (channels !== undefined || users !== undefined || roles !== undefined) {
			data.resolved = {
				...(channels ? { channels } : {}),
				...(users ? { users } : {}),
				...(roles ? { roles } : {}),
			};
		}
		return data;
	}

	/** Like Discord: role options (type 8) come with the role objects in `resolved.roles`. */
	private resolvedRoles(options: FakeCommandOption[], guildId: string | undefined): Json | undefined {
		const roles: Json = {};
		const guild = this.guildStates.find((g) => g.api.id === guildId);
		const collect = (list: FakeCommandOption[]) => {
			for (const option of list) {
				if (option.type === 8 && typeof option.value === 'string') {
					const role = guild?.api.roles.find((r) => r.id === option.value);
					if (!role) throw new Error(`fake-discord: no role ${option.value} in guild ${String(guildId)}`);
					roles[role.id] = role;
				}
				collect(option.options ?? []);
			}
		};
		collect(options);
		return Object.keys(roles).length > 0 ? roles : undefined;
	}

	/** Like Discord: channel options (type 7) come with `resolved.channels`, holding the invoker's permissions there. */
	private resolvedChannels(
		options: FakeCommandOption[],
		context: InteractionContext,
		guildId: string | undefined,
	): Json | undefined {
		const ids: string[] = [];
		const collect = (list: FakeCommandOption[]) => {
			for (const option of list) {
				if (option.type === 7 && typeof option.value === 'string') ids.push(option.value);
				collect(option.options ?? []);
			}
		};
		collect(options);
		if (ids.length === 0) return undefined;
		const userId = context.user?.id ?? FAKE_IDS.user;
		const resolved: Json = {};
		for (const id of ids) {
			const found = this.findChannel(id);
			if (!found?.guild || found.guild.api.id !== guildId) {
				throw new Error(`fake-discord: no channel ${id} in guild ${String(guildId)}`);
			}
			const { channel, guild } = found;
			const permissions =
				context.memberPermissions !== undefined
					? toBigInt(context.memberPermissions)
					: computePermissions(guild.api, channel, userId, context.roles ?? []);
			resolved[id] = {
				id,
				name: channel.name,
				type: channel.type,
				permissions: permissions.toString(),
				...(channel.parent_id === undefined ? {} : { parent_id: channel.parent_id }),
			};
		}
		return resolved;
	}

	chatInput(name: string, options: FakeCommandOption[] = [], context: InteractionContext = {}): SentInteraction {
		return this.sendInteraction(
			{ type: INTERACTION_TYPE.APPLICATION_COMMAND, data: this.commandData(name, options, context) },
			context,
		);
	}

	autocomplete(name: string, options: FakeCommandOption[], context: InteractionContext = {}): SentInteraction {
		if (countFocused(options) !== 1) throw new Error('fake-discord: autocomplete needs exactly one focused option');
		return this.sendInteraction(
			{ type: INTERACTION_TYPE.AUTOCOMPLETE, data: this.commandData(name, options, context) },
			context,
		);
	}

	button(
		customId: string,
		message: ApiMessage | string,
		by: Partial<ApiUser> | InteractionContext = {},
	): SentInteraction {
		return this.component({ custom_id: customId, component_type: 2 }, message, by);
	}

	select(
		customId: string,
		values: string[],
		message: ApiMessage | string,
		by: Partial<ApiUser> | InteractionContext = {},
	): SentInteraction {
		return this.component({ custom_id: customId, component_type: 3, values }, message, by);
	}

	/** Where a click on `message` comes from: the given context, else where the message was answered or posted. */
	private contextOn(message: ApiMessage, by: Partial<ApiUser> | InteractionContext): InteractionContext {
		const given: InteractionContext = isUserLike(by) ? { user: by } : by;
		const origin = this.messageContexts.get(message.id) ?? {};
		const where = this.findChannel(message.channel_id);
		const guildId =
			given.guildId !== undefined
				? given.guildId
				: origin.guildId !== undefined
					? origin.guildId
					: (where?.guild?.api.id ?? null);
		return {
			...(origin.install ? { install: origin.install } : {}),
			...(origin.privateChannel ? { privateChannel: origin.privateChannel } : {}),
			...given,
			guildId,
			channelId: given.channelId ?? message.channel_id,
		};
	}

	private component(
		data: Json,
		message: ApiMessage | string,
		by: Partial<ApiUser> | InteractionContext,
	): SentInteraction {
		const resolved = typeof message === 'string' ? this.messagesById.get(message) : message;
		if (!resolved) throw new Error(`fake-discord: no message ${String(message)} to use a component of`);
		return this.sendInteraction(
			{ type: INTERACTION_TYPE.MESSAGE_COMPONENT, data, message: resolved },
			this.contextOn(resolved, by),
		);
	}

	submitModal(
		customId: string,
		fields: Record<string, string>,
		options: { message?: ApiMessage | string; by?: Partial<ApiUser> | InteractionContext } = {},
	): SentInteraction {
		const data = {
			custom_id: customId,
			components: Object.entries(fields).map(([id, value]) => ({
				type: 1,
				components: [{ type: 4, custom_id: id, value }],
			})),
		};
		const message = typeof options.message === 'string' ? this.messagesById.get(options.message) : options.message;
		if (options.message !== undefined && !message) throw new Error('fake-discord: no message the modal came from');
		const by = options.by ?? {};
		return this.sendInteraction(
			{ type: INTERACTION_TYPE.MODAL_SUBMIT, data, ...(message ? { message } : {}) },
			message ? this.contextOn(message, by) : isUserLike(by) ? { user: by } : by,
		);
	}

	messageCommand(name: string, target: ApiMessage, context: InteractionContext = {}): SentInteraction {
		const guildId = context.guildId === null ? undefined : (context.guildId ?? this.guilds[0]?.id);
		const registered = [...this.commands(guildId), ...this.commands()].find((c) => c.name === name && c.type === 3);
		const data: Json = {
			id: typeof registered?.id === 'string' ? registered.id : this.snowflake(),
			name,
			type: 3,
			target_id: target.id,
			resolved: { messages: { [target.id]: target } },
		};
		return this.sendInteraction(
			{ type: INTERACTION_TYPE.APPLICATION_COMMAND, data },
			{ ...context, channelId: context.channelId ?? target.channel_id },
		);
	}

	userMessage(channelId: string, content: string, author: Partial<ApiUser> = {}, embeds: Json[] = []): ApiMessage {
		return {
			id: this.snowflake(),
			type: 0,
			channel_id: channelId,
			author: makeUser(author, FAKE_IDS.owner, 'a-member'),
			content,
			timestamp: new Date().toISOString(),
			edited_timestamp: null,
			tts: false,
			mention_everyone: false,
			mentions: [],
			mention_roles: [],
			mention_channels: [],
			attachments: [],
			embeds,
			components: [],
			reactions: [],
			pinned: false,
			flags: 0,
		};
	}

	// ----- faults ----------------------------------------------------------------------------------------------

	failNext(method: string, pathRegex: RegExp, spec: FaultSpec, options: { times?: number } = {}): FaultHandle {
		const fault: Fault = { method: method.toUpperCase(), pathRegex, spec, remaining: options.times ?? 1, hits: [] };
		this.faults.push(fault);
		return {
			get remaining() {
				return fault.remaining;
			},
			hits: fault.hits,
			cancel: () => {
				fault.remaining = 0;
			},
		};
	}

	private takeFault(request: RecordedRequest): Fault | undefined {
		const fault = this.faults.find((f) => {
			f.pathRegex.lastIndex = 0;
			return f.remaining > 0 && f.method === request.method && f.pathRegex.test(request.path);
		});
		if (fault) {
			fault.remaining--;
			fault.hits.push(request);
		}
		return fault;
	}

	private faultAnswer(spec: FaultSpec, request: RecordedRequest): Answer | 'hang' {
		if ('hang' in spec) {
			request.fault = 'hang';
			return 'hang';
		}
		if (spec.status === 429) {
			request.fault = 'rate_limit';
			const retryAfter = spec.retryAfter ?? 1;
			const global = spec.global ?? false;
			const headers: Record<string, string> = {
				'retry-after': String(retryAfter),
				'x-ratelimit-limit': '5',
				'x-ratelimit-remaining': '0',
				'x-ratelimit-reset': String((Date.now() + retryAfter * 1000) / 1000),
				'x-ratelimit-reset-after': String(retryAfter),
				'x-ratelimit-bucket': `fake${Buffer.from(request.path).toString('hex').slice(0, 24)}`,
				'x-ratelimit-scope': spec.scope ?? (global ? 'global' : 'user'),
			};
			if (global) headers['x-ratelimit-global'] = 'true';
			return {
				status: 429,
				headers,
				body: { message: 'You are being rate limited.', retry_after: retryAfter, global },
			};
		}
		request.fault = 'server_error';
		return { status: spec.status, body: spec.body ?? { message: `${spec.status}: Server Error`, code: 0 } };
	}

	// ----- HTTP ------------------------------------------------------------------------------------------------

	private async readBody(req: IncomingMessage): Promise<Buffer | undefined> {
		const chunks: Buffer[] = [];
		let size = 0;
		// Reads to the end even when too big, so that the answer can still be sent on this connection.
		for await (const chunk of req) {
			const buffer = chunk as Buffer;
			size += buffer.length;
			if (size <= this.maxUploadBytes + 1024 * 1024) chunks.push(buffer);
		}
		return size > this.maxUploadBytes + 1024 * 1024 ? undefined : Buffer.concat(chunks);
	}

	private async parseBody(
		raw: Buffer,
		contentType: string,
	): Promise<{ body: unknown; json: unknown; files: RecordedFile[] } | Answer> {
		if (raw.length === 0) return { body: undefined, json: undefined, files: [] };
		if (contentType.startsWith('multipart/form-data')) {
			let form: FormData;
			try {
				form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
			} catch {
				return { status: 400, body: { message: 'Invalid multipart body', code: 50035 } };
			}
			const files: RecordedFile[] = [];
			const fields: Record<string, string> = {};
			let payloadJson: unknown;
			for (const [field, value] of form) {
				if (typeof value === 'string') {
					if (field === 'payload_json') {
						try {
							payloadJson = JSON.parse(value);
						} catch {
							return { status: 400, body: { message: 'The request body contains invalid JSON.', code: 50109 } };
						}
					} else fields[field] = value;
				} else {
					const bytes = Buffer.from(await value.arrayBuffer());
					files.push({ field, name: value.name, size: bytes.length, contentType: value.type, bytes });
				}
			}
			const body: MultipartBody = { payload_json: payloadJson, files, fields };
			return { body, json: payloadJson, files };
		}
		const text = raw.toString('utf8');
		if (contentType.startsWith('application/json')) {
			try {
				const json: unknown = JSON.parse(text);
				return { body: json, json, files: [] };
			} catch {
				return { status: 400, body: { message: 'The request body contains invalid JSON.', code: 50109 } };
			}
		}
		return { body: text, json: undefined, files: [] };
	}

	private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const at = Date.now();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = (req.method ?? 'GET').toUpperCase();
		const rawPath = url.pathname;
		const relative = rawPath.startsWith(`${API_PREFIX}/`) ? rawPath.slice(API_PREFIX.length) : rawPath;
		const path = relative
			.split('/')
			.map((segment) => {
				try {
					return decodeURIComponent(segment);
				} catch {
					return segment;
				}
			})
			.join('/');
		const request: RecordedRequest = {
			index: this.requests.length,
			method,
			path,
			url: req.url ?? '',
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			body: undefined,
			json: undefined,
			files: [],
			at,
		};
		this.requests.push(request);

		const raw = await this.readBody(req);
		let answer: Answer | 'hang';
		if (raw === undefined) {
			answer = { status: 413, body: { message: 'Request entity too large', code: 40005 } };
			this.recordViolation(request, answer, []);
		} else {
			const parsed = await this.parseBody(raw, String(req.headers['content-type'] ?? ''));
			if ('status' in parsed) {
				answer = parsed;
				this.recordViolation(request, answer, []);
			} else {
				request.body = parsed.body;
				request.json = parsed.json;
				request.files = parsed.files;
				answer = this.answer(request, rawPath);
			}
		}
		if (answer === 'hang') {
			request.hung = true;
			this.notify();
			return;
		}
		const body = answer.body === undefined ? undefined : JSON.stringify(answer.body);
		res.writeHead(answer.status, {
			...(body === undefined ? {} : { 'content-type': 'application/json' }),
			'x-fake-discord': '1',
			...answer.headers,
		});
		res.end(body);
		request.status = answer.status;
		request.response = answer.body;
		request.responseHeaders = answer.headers ?? {};
		request.respondedAt = Date.now();
		this.notify();
	}

	/** Ties interaction callbacks and interaction-webhook requests to their interaction, faulted or not. */
	private attribute(request: RecordedRequest): void {
		const callback = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(request.path);
		if (callback) {
			request.interactionId = callback[1];
			return;
		}
		const webhook = /^\/webhooks\/\d+\/([^/]+)(?:\/|$)/.exec(request.path);
		const state = webhook?.[1] === undefined ? undefined : this.interactionsByToken.get(webhook[1]);
		if (state) request.interactionId = state.id;
	}

	private answer(request: RecordedRequest, rawPath: string): Answer | 'hang' {
		this.attribute(request);
		const fault = this.takeFault(request);
		if (fault) return this.faultAnswer(fault.spec, request);
		if (!rawPath.startsWith(`${API_PREFIX}/`)) return { status: 404, body: { message: '404: Not Found', code: 0 } };
		for (const route of this.routes) {
			if (route.method !== request.method) continue;
			const match = route.pattern.exec(request.path);
			if (!match) continue;
			if (route.auth && request.headers.authorization !== `Bot ${this.token}`) {
				const answer = { status: 401, body: { message: '401: Unauthorized', code: 0 } };
				this.recordViolation(request, answer, []);
				return answer;
			}
			try {
				return route.handle({ request, params: match.slice(1) });
			} catch (error) {
				if (error instanceof HttpError) return error.answer;
				throw error;
			}
		}
		return { status: 404, body: { message: '404: Not Found', code: 0 } };
	}

	/** Builds (and records) a Discord error answer; `fields` become a 50035 `errors` tree. */
	private reject(
		request: RecordedRequest,
		status: number,
		code: number,
		message: string,
		errors?: FormErrors,
	): HttpError {
		const body: Json = { message, code };
		if (errors && errors.list.length > 0) body.errors = errors.tree();
		const answer: Answer = { status, body };
		this.recordViolation(request, answer, errors?.fields() ?? []);
		return new HttpError(answer);
	}

	private recordViolation(request: RecordedRequest, answer: Answer, fields: FieldError[]): void {
		const body = isObject(answer.body) ? answer.body : {};
		this.violations.push({
			requestIndex: request.index,
			method: request.method,
			path: request.path,
			status: answer.status,
			code: typeof body.code === 'number' ? body.code : 0,
			message: typeof body.message === 'string' ? body.message : '',
			fields,
			...(request.interactionId === undefined ? {} : { interactionId: request.interactionId }),
			at: Date.now(),
		});
	}

	private checkAllowedMentions(request: RecordedRequest, message: unknown): void {
		if (isObject(message) && isObject(message.allowed_mentions)) {
			// Like Discord: a type both parsed and listed, or more than 100 ids, is refused.
			const allowed = message.allowed_mentions;
			const parse = Array.isArray(allowed.parse) ? allowed.parse : [];
			const errors = new FormErrors();
			for (const key of ['users', 'roles'] as const) {
				const ids = errors.array(['allowed_mentions', key], allowed[key], 100);
				if (ids.length > 0 && parse.includes(key)) {
					errors.add(
						['allowed_mentions', 'parse'],
						'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
						`parse:["${key}"] and ${key}: [ids...] are mutually exclusive.`,
					);
				}
			}
			if (errors.list.length > 0) throw this.reject(request, 400, 50035, 'Invalid Form Body', errors);
			return;
		}
		this.warnings.push({
			requestIndex: request.index,
			method: request.method,
			path: request.path,
			kind: 'missing_allowed_mentions',
			...(request.interactionId === undefined ? {} : { interactionId: request.interactionId }),
		});
	}

	/** Rejects with 50035 if `errors` has any, else with 50006 when `requireContent` and the message is empty. */
	private enforceMessage(
		request: RecordedRequest,
		errors: FormErrors,
		message: unknown,
		requireContent: boolean,
	): void {
		if (errors.list.length > 0) throw this.reject(request, 400, 50035, 'Invalid Form Body', errors);
		if (requireContent && isEmptyMessage(isObject(message) ? message : {}, request.files.length)) {
			throw this.reject(request, 400, 50006, 'Cannot send an empty message');
		}
	}

	private makeAttachments(request: RecordedRequest, channelId: string, message: Json): Json[] {
		const described = Array.isArray(message.attachments) ? message.attachments.filter(isObject) : [];
		return request.files.map((file, i) => {
			const index = /\[(\d+)\]/.exec(file.field)?.[1] ?? String(i);
			const meta = described.find((a) => String(a.id) === index) ?? {};
			const id = this.snowflake();
			const url = `http://127.0.0.1:${this.port}/attachments/${channelId}/${id}/${encodeURIComponent(file.name)}`;
			return {
				id,
				filename: file.name,
				size: file.size,
				url,
				proxy_url: url,
				content_type: file.contentType || 'application/octet-stream',
				...(typeof meta.description === 'string' ? { description: meta.description } : {}),
			};
		});
	}

	private createMessage(
		request: RecordedRequest,
		body: Json,
		where: { channelId: string; interaction?: InteractionState; id?: string },
		extraFlags = 0,
	): ApiMessage {
		const flags = (typeof body.flags === 'number' ? body.flags : 0) | extraFlags;
		const message: ApiMessage = {
			id: where.id ?? this.snowflake(),
			type: 0,
			channel_id: where.channelId,
			author: this.botUser,
			content: typeof body.content === 'string' ? body.content : '',
			timestamp: new Date().toISOString(),
			edited_timestamp: null,
			tts: body.tts === true,
			mention_everyone: false,
			mentions: [],
			mention_roles: [],
			mention_channels: [],
			attachments: this.makeAttachments(request, where.channelId, body),
			embeds: Array.isArray(body.embeds) ? body.embeds.filter(isObject).map((e) => ({ type: 'rich', ...e })) : [],
			components: Array.isArray(body.components) ? body.components.filter(isObject) : [],
			reactions: [],
			pinned: false,
			flags,
		};
		if (where.interaction) {
			const interaction = where.interaction;
			this.messageContexts.set(message.id, { ...interaction.context, guildId: interaction.guildId ?? null });
			message.webhook_id = this.applicationId;
			message.application_id = this.applicationId;
			const data = isObject(interaction.payload.data) ? interaction.payload.data : {};
			const user = (interaction.payload.user ?? (interaction.payload.member as Json | undefined)?.user) as ApiUser;
			message.interaction_metadata = {
				id: interaction.id,
				type: interaction.type,
				user,
				authorizing_integration_owners: interaction.payload.authorizing_integration_owners ?? {},
			};
			if (interaction.type === INTERACTION_TYPE.APPLICATION_COMMAND) {
				message.type = 20;
				message.interaction = { id: interaction.id, type: interaction.type, name: data.name, user };
			}
		}
		this.messages.push(message);
		this.messagesById.set(message.id, message);
		this.recordPings(request, message, body);
		return message;
	}

	/**
	 * Who a new message notifies, as Discord decides: mentions in its text (never in embeds) that `allowed_mentions`
	 * lets through; without `allowed_mentions`, every mention pings. Ephemeral messages notify no one.
	 */
	private recordPings(request: RecordedRequest, message: ApiMessage, body: Json): void {
		if ((message.flags & MESSAGE_FLAGS.EPHEMERAL) !== 0) return;
		const allowed = isObject(body.allowed_mentions) ? body.allowed_mentions : null;
		const parse = allowed
			? Array.isArray(allowed.parse)
				? allowed.parse.map(String)
				: []
			: ['users', 'roles', 'everyone'];
		const listed = (key: string) =>
			allowed && Array.isArray(allowed[key]) ? (allowed[key] as unknown[]).map(String) : [];
		const text = message.content;
		const users = [...new Set([...text.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1]!))].filter(
			(id) => parse.includes('users') || listed('users').includes(id),
		);
		const roles = [...new Set([...text.matchAll(/<@&(\d{17,20})>/g)].map((m) => m[1]!))].filter(
			(id) => parse.includes('roles') || listed('roles').includes(id),
		);
		const everyone = /@(everyone|here)\b/.test(text) && parse.includes('everyone');
		if (users.length + roles.length === 0 && !everyone) return;
		this.pings.push({
			requestIndex: request.index,
			messageId: message.id,
			channelId: message.channel_id,
			users,
			roles,
			everyone,
		});
	}

	/** Applies an edit body to a stored message (fields present in the body replace the stored ones). */
	private editMessage(request: RecordedRequest, message: ApiMessage, body: Json): void {
		if (typeof body.content === 'string' || body.content === null) message.content = body.content ?? '';
		if (Array.isArray(body.embeds)) message.embeds = body.embeds.filter(isObject).map((e) => ({ type: 'rich', ...e }));
		if (Array.isArray(body.components)) message.components = body.components.filter(isObject);
		if (typeof body.flags === 'number') message.flags = body.flags | (message.flags & MESSAGE_FLAGS.EPHEMERAL);
		if (Array.isArray(body.attachments) || request.files.length > 0) {
			const keep = Array.isArray(body.attachments)
				? message.attachments.filter((a) => (body.attachments as unknown[]).some((b) => isObject(b) && b.id === a.id))
				: message.attachments;
			message.attachments = [...keep, ...this.makeAttachments(request, message.channel_id, body)];
		}
		message.flags &= ~MESSAGE_FLAGS.LOADING;
		message.edited_timestamp = new Date().toISOString();
	}

	private buildRoutes(): Route[] {
		const id = '(\\d{17,20})';
		const token = '([^/]+)';
		const routes: Route[] = [
			{
				method: 'GET',
				pattern: /^\/gateway\/bot$/,
				auth: true,
				handle: () => ({
					status: 200,
					body: {
						url: this.gatewayUrl,
						shards: this.recommendedShards,
						session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
					},
				}),
			},
			{
				method: 'GET',
				pattern: /^\/gateway$/,
				auth: false,
				handle: () => ({ status: 200, body: { url: this.gatewayUrl } }),
			},
			{ method: 'GET', pattern: /^\/users\/@me$/, auth: true, handle: () => ({ status: 200, body: this.botUser }) },
			{
				// Opens (or returns) the DM channel with a user; posts there then go through the channel route.
				method: 'POST',
				pattern: /^\/users\/@me\/channels$/,
				auth: true,
				handle: ({ request }) => {
					const recipient = isObject(request.json) ? String(request.json.recipient_id ?? '') : '';
					if (!/^\d{17,20}$/.test(recipient)) throw this.reject(request, 400, 50035, 'Invalid Form Body');
					let channel = [...this.dmChannels.values()].find((c) => c.recipient_id === recipient);
					if (!channel) {
						const user = makeUser({ id: recipient }, recipient, 'user');
						channel = { id: this.snowflake(), type: 1, recipient_id: recipient, recipients: [user] };
						this.dmChannels.set(channel.id, channel);
					}
					return { status: 200, body: channel };
				},
			},
			{
				method: 'GET',
				pattern: new RegExp(`^/channels/${id}$`),
				auth: true,
				handle: ({ request, params }) => {
					const found = this.findChannel(params[0] ?? '');
					if (!found) throw this.reject(request, 404, 10003, 'Unknown Channel');
					return { status: 200, body: found.channel };
				},
			},
			{
				method: 'POST',
				pattern: new RegExp(`^/channels/${id}/messages$`),
				auth: true,
				handle: (context) => this.postChannelMessage(context),
			},
			{
				method: 'POST',
				pattern: new RegExp(`^/channels/${id}/threads$`),
				auth: true,
				handle: (context) => this.startThread(context),
			},
			{
				method: 'DELETE',
				pattern: new RegExp(`^/channels/${id}/messages/${id}$`),
				auth: true,
				handle: (context) => this.deleteChannelMessage(context),
			},
			{
				method: 'PUT',
				pattern: new RegExp(`^/applications/${id}/commands$`),
				auth: true,
				handle: ({ request, params }) => this.putCommands(request, params[0] ?? '', undefined),
			},
			{
				method: 'PUT',
				pattern: new RegExp(`^/applications/${id}/guilds/${id}/commands$`),
				auth: true,
				handle: ({ request, params }) => this.putCommands(request, params[0] ?? '', params[1]),
			},
			{
				method: 'GET',
				pattern: new RegExp(`^/applications/${id}/commands$`),
				auth: true,
				handle: () => ({ status: 200, body: this.commands() }),
			},
			{
				method: 'GET',
				pattern: new RegExp(`^/applications/${id}/guilds/${id}/commands$`),
				auth: true,
				handle: ({ params }) => ({ status: 200, body: this.commands(params[1]) }),
			},
			{
				method: 'POST',
				pattern: new RegExp(`^/interactions/${id}/${token}/callback$`),
				auth: false,
				handle: (context) => this.interactionCallback(context),
			},
			{
				method: 'POST',
				pattern: new RegExp(`^/webhooks/${id}/${token}$`),
				auth: false,
				handle: (context) => this.followUp(context),
			},
		];
		for (const method of ['GET', 'PATCH', 'DELETE']) {
			routes.push({
				method,
				pattern: new RegExp(`^/webhooks/${id}/${token}/messages/(@original|\\d{17,20})$`),
				auth: false,
				handle: (context) => this.webhookMessage(context),
			});
		}
		return routes;
	}

	/** Removes a message (deleted through the API) and records the deletion. */
	private forgetMessage(request: RecordedRequest, message: ApiMessage): void {
		this.messagesById.delete(message.id);
		const at = this.messages.indexOf(message);
		if (at >= 0) this.messages.splice(at, 1);
		this.deletions.push({ requestIndex: request.index, messageId: message.id, channelId: message.channel_id, message });
	}

	/** DELETE /channels/{id}/messages/{id}: the bot's own messages always; others' with Manage Messages. */
	private deleteChannelMessage({ request, params }: RouteContext): Answer {
		const [channelId = '', messageId = ''] = params;
		const found = this.findChannel(channelId);
		if (!found) throw this.reject(request, 404, 10003, 'Unknown Channel');
		const message = this.messagesById.get(messageId);
		if (!message || message.channel_id !== channelId) throw this.reject(request, 404, 10008, 'Unknown Message');
		if (found.guild && message.author.id !== this.botUser.id) {
			const permissions = computePermissions(found.guild.api, found.channel, this.botUser.id, found.guild.botRoleIds);
			if ((permissions & PERMISSIONS.MANAGE_MESSAGES) === 0n)
				throw this.reject(request, 403, 50013, 'Missing Permissions');
		}
		this.forgetMessage(request, message);
		return { status: 204 };
	}

	/**
	 * POST /channels/{id}/threads: in a forum (type 15) a post with its first message (`message`, required); in a
	 * text or announcement channel a thread without a starter message (type 11 public, 12 private). Needs
	 * Create Public Threads, and Send Messages for a forum post; name 1–100 characters.
	 */
	private startThread({ request, params }: RouteContext): Answer {
		const parentId = params[0] ?? '';
		const found = this.findChannel(parentId);
		if (!found?.guild) throw this.reject(request, 404, 10003, 'Unknown Channel');
		const { channel: parent, guild } = found;
		const body = isObject(request.json) ? request.json : {};
		const forum = parent.type === 15 || parent.type === 16;
		if (!forum && parent.type !== 0 && parent.type !== 5) {
			throw this.reject(request, 400, 50024, 'Cannot execute action on this channel type');
		}
		const permissions = computePermissions(guild.api, parent, this.botUser.id, guild.botRoleIds);
		if ((permissions & PERMISSIONS.VIEW_CHANNEL) === 0n) throw this.reject(request, 403, 50001, 'Missing Access');
		const needed = PERMISSIONS.CREATE_PUBLIC_THREADS | (forum ? PERMISSIONS.SEND_MESSAGES : 0n);
		if ((permissions & needed) !== needed) throw this.reject(request, 403, 50013, 'Missing Permissions');
		const errors = new FormErrors();
		errors.string(['name'], body.name, { min: 1, max: 100, required: true });
		if (forum) {
			const message = errors.object(['message'], body.message);
			if (message === undefined && !errors.list.length)
				errors.add(['message'], 'BASE_TYPE_REQUIRED', 'This field is required');
			if (message) checkMessage(errors, ['message'], message, request.files.length);
		}
		if (errors.list.length > 0) throw this.reject(request, 400, 50035, 'Invalid Form Body', errors);
		const threadId = this.snowflake();
		const thread: ApiChannel = {
			id: threadId,
			type: forum ? 11 : typeof body.type === 'number' ? body.type : 11,
			guild_id: guild.api.id,
			name: String(body.name),
			parent_id: parent.id,
			owner_id: this.botUser.id,
			last_message_id: null,
			rate_limit_per_user: 0,
			flags: 0,
			// A thread takes its parent's permissions.
			permission_overwrites: parent.permission_overwrites,
			thread_metadata: { archived: false, auto_archive_duration: 10080, locked: false },
			message_count: 0,
			member_count: 1,
		};
		guild.api.channels.push(thread);
		if (!forum) return { status: 201, body: thread };
		const first = body.message as Json;
		this.checkAllowedMentions(request, first);
		// A forum post's first message has the thread's id.
		const message = this.createMessage(request, first, { channelId: threadId, id: threadId });
		return { status: 201, body: { ...thread, message } };
	}

	/** Threads the bot started, in order (forum posts and threads of text channels). */
	threads(parentId?: string): ApiChannel[] {
		return this.guildStates.flatMap((g) =>
			g.api.channels.filter(
				(c) =>
					c.parent_id != null &&
					c.thread_metadata !== undefined &&
					(parentId === undefined || c.parent_id === parentId),
			),
		);
	}

	private postChannelMessage({ request, params }: RouteContext): Answer {
		const channelId = params[0] ?? '';
		const found = this.findChannel(channelId);
		if (!found) throw this.reject(request, 404, 10003, 'Unknown Channel');
		const { channel, guild } = found;
		if (!TEXT_CHANNEL_TYPES.has(channel.type)) {
			throw this.reject(request, 400, 50008, 'Cannot send messages in a non-text channel');
		}
		const body = isObject(request.json) ? request.json : {};
		// Opening the DM channel works; posting to a user who does not accept DMs from the bot does not.
		if (channel.type === 1 && this.dmBlockers.has(String(channel.recipient_id))) {
			throw this.reject(request, 403, 50007, 'Cannot send messages to this user');
		}
		if (guild) {
			const permissions = computePermissions(guild.api, channel, this.botUser.id, guild.botRoleIds);
			if ((permissions & PERMISSIONS.VIEW_CHANNEL) === 0n) throw this.reject(request, 403, 50001, 'Missing Access');
			const send = THREAD_TYPES.has(channel.type) ? PERMISSIONS.SEND_MESSAGES_IN_THREADS : PERMISSIONS.SEND_MESSAGES;
			if ((permissions & send) === 0n) throw this.reject(request, 403, 50013, 'Missing Permissions');
			if (request.files.length > 0 && (permissions & PERMISSIONS.ATTACH_FILES) === 0n) {
				throw this.reject(request, 403, 50013, 'Missing Permissions');
			}
		}
		const errors = new FormErrors();
		checkMessage(errors, [], request.json ?? {}, request.files.length);
		this.enforceMessage(request, errors, body, true);
		this.checkAllowedMentions(request, body);
		// Like Discord: with enforce_nonce, the same nonce from the same author within minutes returns the first message.
		const nonce = typeof body.nonce === 'string' || typeof body.nonce === 'number' ? String(body.nonce) : null;
		const nonceKey = nonce !== null && body.enforce_nonce === true ? `${channelId}:${this.botUser.id}:${nonce}` : null;
		const seen = nonceKey ? this.nonces.get(nonceKey) : undefined;
		if (seen && this.now() - seen.at < NONCE_WINDOW_MS) return { status: 200, body: seen.message };
		const message = this.createMessage(request, body, { channelId });
		if (nonceKey) this.nonces.set(nonceKey, { message, at: this.now() });
		return { status: 200, body: message };
	}

	private putCommands(request: RecordedRequest, applicationId: string, guildId: string | undefined): Answer {
		if (applicationId !== this.applicationId) throw this.reject(request, 403, 50001, 'Missing Access');
		if (guildId !== undefined && !this.guildStates.some((g) => g.api.id === guildId)) {
			throw this.reject(request, 403, 50001, 'Missing Access');
		}
		const errors = new FormErrors();
		const commands = checkCommands(errors, request.json);
		if (errors.list.length > 0) throw this.reject(request, 400, 50035, 'Invalid Form Body', errors);
		const scope = guildId ?? 'global';
		const previous = this.registeredCommands.get(scope) ?? [];
		const stored = commands.map((command) => {
			const type = typeof command.type === 'number' ? command.type : 1;
			const kept = previous.find((p) => p.name === command.name && p.type === type);
			return {
				id: typeof kept?.id === 'string' ? kept.id : this.snowflake(),
				application_id: this.applicationId,
				version: this.snowflake(),
				default_member_permissions: null,
				type,
				name_localizations: null,
				description: '',
				description_localizations: null,
				nsfw: false,
				contexts: null,
				integration_types: [0],
				...(guildId === undefined ? {} : { guild_id: guildId }),
				...command,
			};
		});
		this.registeredCommands.set(scope, stored);
		return { status: 200, body: stored };
	}

	private interactionCallback({ request, params }: RouteContext): Answer {
		const [interactionId = '', token = ''] = params;
		const state = this.interactionsById.get(interactionId);
		if (!state || state.token !== token) throw this.reject(request, 404, 10062, 'Unknown interaction');
		if (state.ack) throw this.reject(request, 400, 40060, 'Interaction has already been acknowledged.');
		if (this.now() - state.createdAt > this.ackDeadlineMs)
			throw this.reject(request, 404, 10062, 'Unknown interaction');

		const body = isObject(request.json) ? request.json : {};
		const type = body.type;
		const errors = new FormErrors();
		if (typeof type !== 'number' || !CALLBACK_TYPES.includes(type)) {
			errors.add(['type'], 'BASE_TYPE_CHOICES', `Value must be one of {${CALLBACK_TYPES.join(', ')}}.`);
			throw this.reject(request, 400, 50035, 'Invalid Form Body', errors);
		}
		if (!(CALLBACKS_FOR[state.type] ?? []).includes(type)) {
			errors.add(
				['type'],
				'INTERACTION_CALLBACK_TYPE_INVALID',
				`Callback type ${type} is invalid for interaction type ${state.type}.`,
			);
			throw this.reject(request, 400, 50035, 'Invalid Form Body', errors);
		}
		const data = isObject(body.data) ? body.data : {};
		switch (type) {
			case 4:
				checkMessage(errors, ['data'], body.data ?? {}, request.files.length);
				this.enforceMessage(request, errors, data, true);
				this.checkAllowedMentions(request, data);
				state.original = this.createMessage(request, data, { channelId: state.channelId, interaction: state });
				break;
			case 5:
				state.original = this.createMessage(
					request,
					{ flags: data.flags },
					{ channelId: state.channelId, interaction: state },
					MESSAGE_FLAGS.LOADING,
				);
				break;
			case 6:
				break;
			case 7:
				checkMessage(errors, ['data'], body.data ?? {}, request.files.length);
				this.enforceMessage(request, errors, data, false);
				this.checkAllowedMentions(request, data);
				if (state.original) this.editMessage(request, state.original, data);
				break;
			case 8:
				checkAutocomplete(errors, body.data);
				this.enforceMessage(request, errors, data, false);
				break;
			case 9:
				checkModal(errors, body.data);
				this.enforceMessage(request, errors, data, false);
				break;
			default:
				break;
		}
		state.ack = { type, at: this.now() };
		if (request.query.with_response !== 'true') return { status: 204 };
		const original = state.original;
		return {
			status: 200,
			body: {
				interaction: {
					id: state.id,
					type: state.type,
					...(original
						? {
								response_message_id: original.id,
								response_message_loading: (original.flags & MESSAGE_FLAGS.LOADING) !== 0,
								response_message_ephemeral: (original.flags & MESSAGE_FLAGS.EPHEMERAL) !== 0,
							}
						: {}),
				},
				resource: { type, ...(original && type !== 8 ? { message: original } : {}) },
			},
		};
	}

	/** Resolves an interaction webhook (application id + interaction token), enforcing the token lifetime. */
	private interactionWebhook(request: RecordedRequest, applicationId: string, token: string): InteractionState {
		const state = this.interactionsByToken.get(token);
		if (applicationId !== this.applicationId) throw this.reject(request, 404, 10015, 'Unknown Webhook');
		if (!state) throw this.reject(request, 401, 50027, 'Invalid Webhook Token');
		if (this.now() - state.createdAt > this.tokenLifetimeMs)
			throw this.reject(request, 401, 50027, 'Invalid Webhook Token');
		if (!state.ack) throw this.reject(request, 404, 10015, 'Unknown Webhook');
		return state;
	}

	private followUp({ request, params }: RouteContext): Answer {
		const state = this.interactionWebhook(request, params[0] ?? '', params[1] ?? '');
		const body = isObject(request.json) ? request.json : {};
		const errors = new FormErrors();
		checkMessage(errors, [], request.json ?? {}, request.files.length);
		this.enforceMessage(request, errors, body, true);
		this.checkAllowedMentions(request, body);
		const original = state.original;
		let message: ApiMessage;
		if (state.ack?.type === 5 && original && (original.flags & MESSAGE_FLAGS.LOADING) !== 0) {
			// The first follow-up after a deferred reply replaces the loading message; its ephemerality stays.
			this.editMessage(request, original, { ...body, flags: undefined });
			message = original;
		} else {
			message = this.createMessage(request, body, { channelId: state.channelId, interaction: state });
			state.followups.set(message.id, message);
		}
		// Like Discord: the message comes back only with ?wait=true (discord.js always asks for it).
		return request.query.wait === 'true' ? { status: 200, body: message } : { status: 204 };
	}

	private webhookMessage({ request, params }: RouteContext): Answer {
		const [applicationId = '', token = '', messageId = ''] = params;
		const state = this.interactionWebhook(request, applicationId, token);
		const message =
			messageId === '@original' || messageId === state.original?.id ? state.original : state.followups.get(messageId);
		if (!message) throw this.reject(request, 404, 10008, 'Unknown Message');
		switch (request.method) {
			case 'GET':
				return { status: 200, body: message };
			case 'DELETE':
				if (message === state.original) state.original = undefined;
				state.followups.delete(message.id);
				this.forgetMessage(request, message);
				return { status: 204 };
			default: {
				const body = isObject(request.json) ? request.json : {};
				const errors = new FormErrors();
				checkMessage(errors, [], request.json ?? {}, request.files.length);
				this.enforceMessage(request, errors, body, false);
				this.checkAllowedMentions(request, body);
				const merged = { ...message, ...body, attachments: body.attachments ?? message.attachments };
				if (isEmptyMessage(merged, request.files.length))
					throw this.reject(request, 400, 50006, 'Cannot send an empty message');
				this.editMessage(request, message, body);
				return { status: 200, body: message };
			}
		}
	}

	// ----- shutdown --------------------------------------------------------------------------------------------

	close(): Promise<void> {
		this.closing ??= (async () => {
			for (const waiter of [...this.waiters]) waiter.fail(new Error('fake-discord closed while waiting'));
			for (const connection of this.liveConnections) connection.socket.terminate();
			this.liveConnections.clear();
			await new Promise<void>((resolve) => this.wss.close(() => resolve()));
			this.server.closeAllConnections();
			await new Promise<void>((resolve) => this.server.close(() => resolve()));
		})();
		return this.closing;
	}
}

/** Starts a fake Discord on a free port of 127.0.0.1. Close it with `close()`. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
	const fake = new FakeDiscordServer(options);
	await fake.listen();
	return fake;
}
