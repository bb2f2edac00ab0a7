import type { Translation } from './translation.js';

/** Spanish. */
export const es: Translation = {
  $code: 'es',
  $name: 'Español',
  $dir: 'ltr',
  regionLabel: 'Verificación con selfie',
  consentTitle: 'Confirma que eres tú',
  consentText:
    'Tomaremos una selfie y la compararemos con la foto de tu verificación anterior. La cámara se apaga justo después. La selfie solo se usa para esta verificación.',
  startCamera: 'Activar cámara',
  starting: 'Activando la cámara…',
  cameraLabel: 'Cámara',
  cameraName: (index) => `Cámara ${index}`,
  takePhoto: 'Tomar foto',
  retake: 'Repetir',
  retry: 'Intentar de nuevo',
  captured: 'Foto tomada',
  inAppBrowser:
    'Es posible que la cámara no funcione dentro de esta app. Si falla, abre esta página en tu navegador (Safari o Chrome).',
  paused: 'La cámara se pausó mientras esta página estaba en segundo plano.',
  resume: 'Continuar',
  countdown: (seconds) => `No te muevas, ${seconds}`,
  guidance: {
    multiple_faces: 'Solo una persona en el encuadre, por favor',
    no_face: 'Coloca tu cara dentro del óvalo',
    move_closer: 'Acércate un poco',
    move_back: 'Aléjate un poco',
    center_face: 'Centra tu cara en el óvalo',
    look_straight: 'Mira directamente a la cámara',
    straighten_head: 'Mantén la cabeza recta',
    too_dark: 'Hay poca luz, busca un lugar más iluminado',
    too_bright: 'Hay demasiada luz sobre tu cara',
    backlit: 'La luz está detrás de ti, ponte de frente a la luz',
    blurry: 'Mantén la cámara firme',
    hold_still: 'No te muevas…',
    ready: 'Perfecto, tomando la foto',
  },
  errors: {
    generic: 'Algo salió mal. Inténtalo de nuevo.',
    camera_denied:
      'El acceso a la cámara está bloqueado. Permite la cámara en la configuración del navegador e inténtalo de nuevo.',
    camera_not_found: 'No se encontró ninguna cámara. Conecta una cámara e inténtalo de nuevo.',
    camera_busy: 'Otra aplicación está usando la cámara. Ciérrala e inténtalo de nuevo.',
    insecure_context: 'La cámara solo funciona en una página segura (https).',
    unsupported_browser:
      'Este navegador no puede tomar la selfie. Usa Chrome, Safari, Firefox o Edge actualizados.',
    model_load_failed:
      'No se pudo cargar la detección de rostro. Revisa tu conexión e inténtalo de nuevo.',
    capture_timeout: 'No pudimos tomar la selfie a tiempo.',
    network_error: 'No pudimos conectar con el servidor. Inténtalo de nuevo en un momento.',
    reverification_expired: 'Esta verificación caducó. Vuelve a empezar.',
    enrollment_not_found:
      'No encontramos tu verificación anterior, así que esta comprobación no puede continuar. Contacta al equipo de soporte del sitio para verificarte de nuevo.',
    handoff_link_used: 'Este enlace ya se usó. Pide uno nuevo en tu computadora.',
    offline: 'No tienes conexión. Vuelve a conectarte a internet e inténtalo de nuevo.',
    origin_not_allowed:
      'Esta página aún no está configurada para la verificación por selfie. Avisa al equipo de soporte del sitio.',
    enrollment_not_ready:
      'Tu verificación anterior aún no está completa. Inténtalo más tarde o contacta al equipo de soporte del sitio.',
    too_many_attempts: 'Demasiados intentos por ahora. Espera un rato y vuelve a empezar.',
    cancelled: 'La verificación se canceló.',
  },
  result: {
    approvedTitle: 'Verificación completada',
    approvedText: 'Gracias. Puedes continuar.',
    rejectedTitle: 'No pudimos confirmar que eres tú',
    rejected: {
      no_match: 'La selfie no coincide con la foto de tu verificación anterior.',
      unclear: 'La foto no era lo bastante clara para compararla.',
      multiple_faces: 'Había más de una cara en la foto.',
      liveness: 'No pudimos confirmar que había una persona real frente a la cámara.',
      reviewer: 'Un revisor no pudo confirmar que eres tú.',
    },
    rejectedRetry:
      'Puedes intentarlo de nuevo: solo tú en la imagen, con buena luz, siguiendo las instrucciones.',
    rejectedContact: 'Si crees que es un error, contacta al equipo de soporte del sitio.',
    reviewTitle: 'Estamos revisando tu foto',
    reviewText: 'Una persona la revisará y te avisaremos. No tienes que hacer nada ahora.',
  },
  manual: {
    needsOneFace: 'La foto se puede tomar cuando haya una sola cara en el óvalo.',
    mayFail: 'Puede que la foto sea difícil de comprobar:',
    takeAnyway: 'Tomarla de todos modos',
  },
  progress: {
    uploading: 'Enviando tu foto…',
    processing: 'Comprobando que eres tú…',
    done: 'Listo',
  },
  handoff: {
    title: 'Continúa en tu teléfono',
    instructions:
      'Escanea el código con la cámara de tu teléfono o abre el enlace en tu teléfono. Mantén esta página abierta.',
    qrLabel: 'Código QR del enlace para tu teléfono',
    copyLink: 'Copiar enlace',
    copied: 'Enlace copiado',
    newLink: 'Nuevo enlace',
    waiting: 'Esperando a tu teléfono…',
    phoneActive: 'Tu teléfono está tomando la selfie…',
    processing: 'Comprobando que eres tú…',
    done: 'Listo — puedes continuar aquí.',
    phoneDone: 'Todo listo. Puedes volver a tu computadora.',
    linkMissing: 'Este enlace está incompleto. Pide uno nuevo en tu computadora.',
  },
  challenge: {
    intro: 'Un paso más: gira la cabeza un momento para mostrar que eres tú.',
    turn_left: 'Gira la cabeza despacio hacia tu izquierda',
    turn_right: 'Gira la cabeza despacio hacia tu derecha',
    turn_more: 'Un poco más',
    back_to_centre: 'Ahora mira de frente a la cámara',
    keep_face_visible: 'Mantén la cara a la vista',
    done: 'Gracias',
    cantDo: 'No puedo hacerlo',
  },
};
