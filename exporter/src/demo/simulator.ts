/**
 * Moves the simulated market and treasury one tick at a time: ETH and WBTC prices follow a
 * seeded random walk, USDC wobbles around 1, USDX slowly loses its peg, and `ops-hot` is drained
 * below its ETH minimum. Every change is an on-chain write (a new feed round, a new balance), so
 * it reaches /metrics only through the exporter's normal polling.
 */
import { parseUnits } from 'viem';
import { createSeededRandom } from './seeded-random.js';
import {
  demoDepeggingStablecoin,
  demoDrainingAccount,
  demoStartPrices,
  toFeedAnswer,
  type DemoAsset,
  type DeployedDemoTreasury,
} from './treasury-scenario.js';

export interface SimulatorSnapshot {
  tick: number;
  /** The prices last published on the feeds, exactly as the feeds hold them (8 decimals). */
  prices: Record<DemoAsset, number>;
  /** Whole ETH `ops-hot` holds after the last tick. */
  drainingBalance: number;
}

export interface Simulator {
  /** Applies one tick: publishes four feed rounds and the drained balance. Ticks never overlap. */
  step(): Promise<SimulatorSnapshot>;
  /** Runs `step()` every `intervalMs` until `stop()`; a failed tick is reported and the loop goes on. */
  start(intervalMs: number, onError?: (error: unknown) => void): void;
  /** Stops the loop and waits for a tick in flight. */
  stop(): Promise<void>;
  snapshot(): SimulatorSnapshot;
}

export interface CreateSimulatorParameters {
  treasury: DeployedDemoTreasury;
  /** Same seed, same price paths. */
  seed?: string;
  /** Standard deviation of the per-tick log return of ETH and WBTC. */
  volatility?: { ETH: number; WBTC: number };
  /** Multiplies the drain and the peg loss per tick: tests reach the interesting states in a few ticks. */
  speed?: number;
}

/** Rounds like the feed does (8 decimals), so the snapshot equals what a Chainlink read returns. */
const asFeedPrice = (price: number) => Number(price.toFixed(8));

/** Creates the tick function and its loop over a deployed demo treasury. */
export function createSimulator({
  treasury,
  seed = 'tcc-demo',
  volatility = { ETH: 0.004, WBTC: 0.003 },
  speed = 1,
}: CreateSimulatorParameters): Simulator {
  const random = createSeededRandom(seed);
  const draining = treasury.accounts.find((account) => account.name === demoDrainingAccount.name);
  if (!draining) throw new Error(`demo treasury has no account ${demoDrainingAccount.name}`);
  const l1 = treasury.devnets.l1;

  let state: SimulatorSnapshot = {
    tick: 0,
    prices: { ...demoStartPrices },
    drainingBalance: draining.holdings[demoDrainingAccount.asset] ?? 0,
  };
  let inFlight: Promise<SimulatorSnapshot> = Promise.resolve(state);
  let timer: NodeJS.Timeout | undefined;

  const nextState = (previous: SimulatorSnapshot): SimulatorSnapshot => {
    const tick = previous.tick + 1;
    const walk = (price: number, sigma: number) => asFeedPrice(price * Math.exp(sigma * random.normal()));
    const depeg = Math.max(demoDepeggingStablecoin.floor, 1 - demoDepeggingStablecoin.perTick * speed * tick);
    return {
      tick,
      prices: {
        ETH: walk(previous.prices.ETH, volatility.ETH),
        WBTC: walk(previous.prices.WBTC, volatility.WBTC),
        // A healthy stablecoin: a few basis points of noise around the peg.
        USDC: asFeedPrice(1 + 0.0002 * random.normal()),
        USDX: asFeedPrice(depeg + 0.0001 * random.normal()),
      },
      // Whole hundredths, so the float never accumulates rounding noise.
      drainingBalance:
        Math.max(
          demoDrainingAccount.floor * 100,
          Math.round(previous.drainingBalance * 100) - Math.round(demoDrainingAccount.perTick * speed * 100),
        ) / 100,
    };
  };

  const apply = async (next: SimulatorSnapshot) => {
    for (const asset of Object.keys(next.prices) as DemoAsset[]) {
      await l1.setAggregatorRound(treasury.feeds[asset], { answer: toFeedAnswer(next.prices[asset]) });
    }
    await treasury.devnets[draining.chain].setNativeBalance(draining.address, parseUnits(next.drainingBalance.toFixed(2), 18));
    state = next;
    return next;
  };

  const step = () => {
    inFlight = inFlight.catch(() => state).then(() => apply(nextState(state)));
    return inFlight;
  };

  return {
    step,
    start(intervalMs, onError = () => undefined) {
      if (timer) return;
      const loop = () => {
        timer = setTimeout(() => {
          step().then(
            () => timer && loop(),
            (error: unknown) => {
              onError(error);
              if (timer) loop();
            },
          );
        }, intervalMs);
      };
      loop();
    },
    async stop() {
      const running = timer;
      timer = undefined;
      if (running) clearTimeout(running);
      await inFlight.catch(() => undefined);
    },
    snapshot: () => state,
  };
}
