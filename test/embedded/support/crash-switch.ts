/**
 * A switch that cuts an engine off from its storage at once, standing in for `kill -9`: ports
 * wrapped with {@link CrashSwitch.wrap} pass calls through until {@link CrashSwitch.crash};
 * from then on every call, and every call still under way, never settles. What a killed
 * process had not written stays unwritten, and the dead engine's leftover promise callbacks
 * cannot write anything either.
 */
export class CrashSwitch {
  private crashed = false;

  /** Cuts every wrapped port off. */
  crash(): void {
    this.crashed = true;
  }

  /** `port` with each method (and each method of each object property) behind the switch. */
  wrap<T extends object>(port: T): T {
    return new Proxy(port, {
      get: (target, key, receiver) => {
        const value = Reflect.get(target, key, receiver);
        if (typeof value === "function") {
          return (...args: unknown[]) => {
            if (this.crashed) return new Promise(() => {});
            const result = value.apply(target, args);
            if (!(result instanceof Promise)) return result;
            return result.then(
              (settled: unknown) => (this.crashed ? new Promise(() => {}) : settled),
              (error: unknown) => (this.crashed ? new Promise(() => {}) : Promise.reject(error)),
            );
          };
        }
        return typeof value === "object" && value !== null ? this.wrap(value) : value;
      },
    });
  }
}
