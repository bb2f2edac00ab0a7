/** Named locks, for work that one instance at a time should do. */
export interface LockQueries {
  /**
   * Takes the lock `name` until the transaction ends, unless another
   * transaction holds it: answers `false` then, without waiting. A store
   * that runs one transaction at a time (SQLite, memory) always answers
   * `true`.
   */
  tryLock(name: string): Promise<boolean>;
}
