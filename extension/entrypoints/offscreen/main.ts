import { startInference } from '../../inference/service';
import { messenger } from '../../messaging';

// Offscreen document (Chrome): hosts onnxruntime-web, Silero VAD, the live streams and the companion socket.
startInference(messenger);
