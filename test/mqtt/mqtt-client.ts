// A plain MQTT client for tests (the mqtt package), connected before it is returned.
import mqtt from 'mqtt'

export function mqttAsync(url: string): Promise<mqtt.MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000 })
}
