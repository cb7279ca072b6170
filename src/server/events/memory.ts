/** The in-process status bus of the embedded default: instances and their users in a map. */
import type { RoutedStatus, SocketRoute, StatusBus } from './types.js';

interface Instance {
  users: Map<string, number>;
  deliver: (routed: RoutedStatus) => void;
}

export class MemoryStatusBus implements StatusBus {
  readonly kind = 'memory';
  private readonly instances = new Map<string, Instance>();

  async publish(routed: RoutedStatus): Promise<void> {
    for (const instance of this.instances.values()) {
      if (instance.users.has(routed.userId)) instance.deliver(routed);
    }
  }

  async join(instanceId: string, deliver: (routed: RoutedStatus) => void): Promise<SocketRoute> {
    const instance: Instance = { users: new Map(), deliver };
    this.instances.set(instanceId, instance);
    return {
      addUser: async (userId) => {
        instance.users.set(userId, 1);
      },
      removeUser: async (userId) => {
        instance.users.delete(userId);
      },
      onReconnect: () => {}, // nothing to lose in one process
      close: async () => {
        this.instances.delete(instanceId);
      },
    };
  }

  async close(): Promise<void> {
    this.instances.clear();
  }
}
