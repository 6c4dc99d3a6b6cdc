package org.pbiexport.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import org.jspecify.annotations.Nullable;

/**
 * The Redis side of {@link RedisJobQueue}: its two streams, their consumer group, and the
 * Lua scripts that make a check and the change it guards one step for every node. Each
 * check-and-change is a script rather than MULTI because the connection is shared by
 * every thread of the queue.
 */
final class RedisStreamLanes {

	/** The consumer group of both lanes: every worker of the cluster reads through it. */
	static final String GROUP = "workers";

	/** The reserved entry field that names the single-flight key of an offerOnce. */
	static final String ONCE_FIELD = "_once";

	/**
	 * KEYS: interactive, background[, once]. ARGV: capacity, hold in ms, then per job its
	 * lane (1 or 2), its field count and its fields. Returns {'QUEUED', ids...}, {'FULL'}
	 * or {'ALREADY_QUEUED'}. The once key holds the entry id, so that only that entry
	 * frees it.
	 */
	private static final String ADD = """
			local once = KEYS[3]
			if once and redis.call('EXISTS', once) == 1 then return {'ALREADY_QUEUED'} end
			local jobs = {}
			local i = 3
			while i <= #ARGV do
				local n = tonumber(ARGV[i + 1])
				jobs[#jobs + 1] = {tonumber(ARGV[i]), i + 2, i + 1 + n}
				i = i + 2 + n
			end
			if redis.call('XLEN', KEYS[1]) + redis.call('XLEN', KEYS[2]) + #jobs > tonumber(ARGV[1]) then
				return {'FULL'}
			end
			local result = {'QUEUED'}
			for _, job in ipairs(jobs) do
				local fields = {}
				for k = job[2], job[3] do fields[#fields + 1] = ARGV[k] end
				if once then
					fields[#fields + 1] = '_once'
					fields[#fields + 1] = once
				end
				result[#result + 1] = redis.call('XADD', KEYS[job[1]], '*', unpack(fields))
			end
			if once then redis.call('SET', once, result[2], 'PX', ARGV[2]) end
			return result
			""";

	/** KEYS: lane[, once]. ARGV: group, id. A lost group has nothing to acknowledge. */
	private static final String ACKNOWLEDGE = """
			redis.pcall('XACK', KEYS[1], ARGV[1], ARGV[2])
			redis.call('XDEL', KEYS[1], ARGV[2])
			if KEYS[2] and redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
			return 1
			""";

	/**
	 * KEYS: lane[, once]. ARGV: group, id. Deletes the entry only if no worker took it.
	 */
	private static final String WITHDRAW = """
			local pending = redis.pcall('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
			if pending.err == nil and #pending > 0 then return 0 end
			if #redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2]) == 0 then return 0 end
			redis.call('XDEL', KEYS[1], ARGV[2])
			if KEYS[2] and redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
			return 1
			""";

	/**
	 * KEYS: lane. ARGV: group, consumer, ids. Resets the idle time of the entries this
	 * consumer still holds; one another worker reclaimed meanwhile stays that worker's.
	 */
	private static final String CONFIRM = """
			local kept = 0
			for i = 3, #ARGV do
				local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
				if pending[1] and pending[1][2] == ARGV[2] then
					redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
					kept = kept + 1
				end
			end
			return kept
			""";

	final String interactive;

	final String background;

	private final String oncePrefix;

	private final Consumer<String> consumer;

	private final RedisCommands<String, String> redis;

	RedisStreamLanes(RedisCommands<String, String> redis, String keyPrefix, String name, String consumer) {
		this.redis = redis;
		this.interactive = keyPrefix + "queue:" + name + ":interactive";
		this.background = keyPrefix + "queue:" + name + ":background";
		this.oncePrefix = keyPrefix + "queue:" + name + ":once:";
		this.consumer = Consumer.from(GROUP, consumer);
	}

	String lane(boolean background) {
		return background ? this.background : this.interactive;
	}

	String onceKey(String key) {
		return this.oncePrefix + key;
	}

	/** Creates the group on both lanes where missing, from their first entry. */
	void createGroups() {
		for (String lane : List.of(this.interactive, this.background)) {
			try {
				this.redis.xgroupCreate(StreamOffset.from(lane, "0"), GROUP, XGroupCreateArgs.Builder.mkstream());
			}
			catch (RedisCommandExecutionException ex) {
				if (ex.getMessage() == null || !ex.getMessage().startsWith("BUSYGROUP")) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Runs {@code command}, and again after re-creating the group when Redis lost it (a
	 * restart without persistence, a flush): the lanes then start over from what remains.
	 */
	<R> R withGroup(Supplier<R> command) {
		try {
			return command.get();
		}
		catch (RedisCommandExecutionException ex) {
			if (ex.getMessage() == null || !ex.getMessage().contains("NOGROUP")) {
				throw ex;
			}
			createGroups();
			return command.get();
		}
	}

	/**
	 * Adds jobs atomically when they all fit.
	 * @param jobs per job its lane (1 interactive, 2 background), field count, fields
	 * @return "QUEUED" and the entry ids, or "FULL", or "ALREADY_QUEUED"
	 */
	List<String> add(int capacity, @Nullable String onceKey, @Nullable Duration hold, List<String> jobs) {
		List<String> keys = new ArrayList<>(List.of(this.interactive, this.background));
		if (onceKey != null) {
			keys.add(onceKey);
		}
		List<String> args = new ArrayList<>(
				List.of(Integer.toString(capacity), Long.toString((hold != null) ? Math.max(1, hold.toMillis()) : 1)));
		args.addAll(jobs);
		List<Object> result = eval(ADD, ScriptOutputType.MULTI, keys, args);
		return result.stream().map(String::valueOf).toList();
	}

	void acknowledge(String lane, String id, @Nullable String onceKey) {
		eval(ACKNOWLEDGE, ScriptOutputType.INTEGER, keys(lane, onceKey), List.of(GROUP, id));
	}

	boolean withdraw(String lane, String id, @Nullable String onceKey) {
		Long removed = eval(WITHDRAW, ScriptOutputType.INTEGER, keys(lane, onceKey), List.of(GROUP, id));
		return removed == 1;
	}

	long confirm(String lane, List<String> ids) {
		List<String> args = new ArrayList<>(List.of(GROUP, this.consumer.getName()));
		args.addAll(ids);
		Long kept = withGroup(() -> eval(CONFIRM, ScriptOutputType.INTEGER, List.of(lane), args));
		return kept;
	}

	/** The next new entry of {@code lane} for this consumer, without waiting. */
	@Nullable StreamMessage<String, String> read(String lane) {
		return first(withGroup(() -> this.redis.xreadgroup(this.consumer, XReadArgs.Builder.count(1), next(lane))));
	}

	/**
	 * The next new entry of {@code lane}, waiting up to {@code wait} on {@code redis}.
	 */
	@Nullable StreamMessage<String, String> readBlocking(RedisCommands<String, String> blocking, String lane, Duration wait) {
		XReadArgs args = XReadArgs.Builder.count(1).block(Math.max(1, wait.toMillis()));
		return first(withGroup(() -> blocking.xreadgroup(this.consumer, args, next(lane))));
	}

	/**
	 * Claims one entry of {@code lane} idle for longer than {@code idle}, following the
	 * cursor through the whole pending list as Redis looks at a few entries per call.
	 */
	@Nullable StreamMessage<String, String> claimIdle(String lane, Duration idle) {
		String start = "0-0";
		do {
			String from = start;
			ClaimedMessages<String, String> claimed = withGroup(() -> this.redis.xautoclaim(lane,
					XAutoClaimArgs.Builder.xautoclaim(this.consumer, idle, from).count(1)));
			for (StreamMessage<String, String> message : claimed.getMessages()) {
				if (message.getBody() != null && !message.getBody().isEmpty()) {
					return message;
				}
			}
			start = claimed.getId();
		}
		while (start != null && !"0-0".equals(start));
		return null;
	}

	int size() {
		return (int) (this.redis.xlen(this.interactive) + this.redis.xlen(this.background));
	}

	/**
	 * Appends a job to the arguments of {@link #add}: its lane, field count and fields.
	 * Field names starting with {@code _} are reserved for the queue's own.
	 */
	static void appendJob(List<String> args, boolean background, Map<String, String> fields) {
		args.add(background ? "2" : "1");
		args.add(Integer.toString(fields.size() * 2));
		fields.forEach((field, value) -> {
			if (field.startsWith("_")) {
				throw new IllegalArgumentException("Field names starting with _ are the queue's: " + field);
			}
			args.add(field);
			args.add(value);
		});
	}

	/** An entry's fields without the queue's own: what the codec wrote. */
	static Map<String, String> jobFields(StreamMessage<String, String> message) {
		Map<String, String> fields = new HashMap<>(message.getBody());
		fields.keySet().removeIf((field) -> field.startsWith("_"));
		return fields;
	}

	private static List<String> keys(String lane, @Nullable String onceKey) {
		return (onceKey != null) ? List.of(lane, onceKey) : List.of(lane);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static StreamOffset<String>[] next(String lane) {
		return new StreamOffset[] { StreamOffset.lastConsumed(lane) };
	}

	private static @Nullable StreamMessage<String, String> first(
			@Nullable List<StreamMessage<String, String>> messages) {
		return (messages == null || messages.isEmpty()) ? null : messages.get(0);
	}

	/** EVALSHA, falling back to EVAL (which caches the script) when Redis lost it. */
	private <R> R eval(String script, ScriptOutputType type, List<String> keys, List<String> args) {
		String[] keyArray = keys.toArray(String[]::new);
		String[] argArray = args.toArray(String[]::new);
		try {
			return this.redis.evalsha(this.redis.digest(script), type, keyArray, argArray);
		}
		catch (RedisNoScriptException ex) {
			return this.redis.eval(script, type, keyArray, argArray);
		}
	}

}
