// MQTT settings (the broker a home or farm already runs): where, who, and the topic roots.
import { z } from 'zod'

export const mqttConfigSchema = z.strictObject({
  /** mqtt://host:1883 or mqtts://host:8883 (TLS); absent: MQTT is off. */
  url: z
    .string()
    .regex(/^mqtts?:\/\/[^\s]+$/, 'an mqtt:// or mqtts:// URL')
    .optional(),
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  /** Root of printgate's own topics: <prefix>/<gateway>/<printer>/… */
  prefix: z
    .string()
    .regex(/^[^#+\s]+$/)
    .default('printgate'),
  /** Home Assistant's discovery prefix. */
  discoveryPrefix: z
    .string()
    .regex(/^[^#+\s]+$/)
    .default('homeassistant'),
  /** This gateway's id on the broker; default: from the install's id. */
  gatewayId: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/)
    .optional(),
  /** The name other gateways and Home Assistant show. */
  name: z.string().min(1).max(60).default('printgate'),
  /** The address phones use to reach this gateway, announced to the fleet. */
  publicUrl: z.string().url().optional(),
})

export type MqttConfig = z.infer<typeof mqttConfigSchema>
