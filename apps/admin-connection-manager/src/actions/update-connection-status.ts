// update_connection_status {connectionId, status} → the updated connection; unknown id → 404.
import { ItemNotFoundError } from '@streamer/store';
import { connectionView, notFound, ok } from '../responses';
import { actionEvent, idField, statusField } from '../validation';
import { defineAction } from './action';

export const updateConnectionStatus = defineAction(
  'update_connection_status',
  actionEvent('update_connection_status', { connectionId: idField('connectionId'), status: statusField }),
  async ({ connectionId, status }, { connections }) => {
    try {
      return ok(connectionView(await connections.updateStatus(connectionId, status)));
    } catch (error) {
      if (error instanceof ItemNotFoundError) return notFound(`connection ${connectionId} not found`);
      throw error;
    }
  },
);
