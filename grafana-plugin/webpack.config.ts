import type { Configuration } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

/**
 * Extends the scaffolded config (see .config/README.md) with one thing: `./x.js` imports resolve
 * to `./x.ts`. src/queries/ uses NodeNext-style specifiers so that Node scripts (the dashboards/
 * generator) can import the same files the plugin bundles.
 */
const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return {
    ...base,
    resolve: {
      ...base.resolve,
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    },
  };
};

export default config;
