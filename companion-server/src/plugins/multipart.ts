import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Uploads stay in memory (never written to disk); size and count limits answer 413. */
export default fp(
  async function uploads(app: FastifyInstance) {
    await app.register(multipart, {
      limits: {
        fileSize: app.config.maxUploadBytes,
        files: app.config.maxBatchFiles,
        fields: 10,
        fieldSize: 1024,
        parts: app.config.maxBatchFiles + 10,
      },
      throwFileSizeLimit: true,
    });
  },
  { name: 'multipart' },
);
