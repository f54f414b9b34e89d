// A small structured logger (JSON lines on stderr). Callers pass facts, never secrets:
// fields named like secrets are redacted as a second line of defence.

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const SECRET_FIELD = /secret|password|token|key material|plaintext/i;

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_FIELD.test(key)) out[key] = '[redacted]';
    else if (value instanceof Error) out[key] = { name: value.name, message: value.message, stack: value.stack };
    else out[key] = value;
  }
  return out;
}

export function jsonLogger(write: (line: string) => void, quiet = false): Logger {
  const emit = (level: string, message: string, fields?: Record<string, unknown>) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...(fields ? redact(fields) : {}) })}\n`);
  return {
    info: (message, fields) => {
      if (!quiet) emit('info', message, fields);
    },
    error: (message, fields) => emit('error', message, fields),
  };
}
