import { describe, expect, it } from 'vitest';
import { ShardEnv, loadConfig } from '../../src/config.js';

const BOT = { DISCORD_TOKEN: `t-${'x'.repeat(60)}`, DISCORD_APPLICATION_ID: '1180000000000000001' };

describe('sharding settings', () => {
	it('defaults to the shard count Discord recommends, spawned 5.5 s apart', () => {
		const config = loadConfig(ShardEnv, BOT);
		expect(config.SHARD_COUNT).toBe('auto');
		expect(config.SHARD_DELAY_SECONDS).toBe(5.5);
	});

	it('takes a whole number of shards and a delay in seconds', () => {
		const config = loadConfig(ShardEnv, { ...BOT, SHARD_COUNT: '4', SHARD_DELAY_SECONDS: '0' });
		expect(config.SHARD_COUNT).toBe(4);
		expect(config.SHARD_DELAY_SECONDS).toBe(0);
	});

	it('names each bad key and what it expects', () => {
		for (const bad of ['0', 'many', '2.5', '-1']) {
			expect(() => loadConfig(ShardEnv, { ...BOT, SHARD_COUNT: bad })).toThrow(
				/Configuration is invalid:\n {2}SHARD_COUNT: expected a whole number of shards \(1 or more\) or auto/,
			);
		}
		expect(() => loadConfig(ShardEnv, { ...BOT, SHARD_DELAY_SECONDS: 'soon' })).toThrow(/SHARD_DELAY_SECONDS/);
	});
});
