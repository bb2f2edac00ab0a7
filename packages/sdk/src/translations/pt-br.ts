import type { Translation } from './translation.js';

/** Brazilian Portuguese. */
export const ptBR: Translation = {
  $code: 'pt-BR',
  $name: 'Português (Brasil)',
  $dir: 'ltr',
  regionLabel: 'Verificação por selfie',
  consentTitle: 'Confirme que é você',
  consentText:
    'Vamos tirar uma selfie e compará-la com a foto da sua verificação anterior. A câmera desliga logo em seguida. A selfie é usada somente nesta verificação.',
  startCamera: 'Ligar câmera',
  starting: 'Ligando a câmera…',
  cameraLabel: 'Câmera',
  cameraName: (index) => `Câmera ${index}`,
  takePhoto: 'Tirar foto',
  retake: 'Tirar outra',
  retry: 'Tentar novamente',
  captured: 'Foto tirada',
  inAppBrowser:
    'A câmera pode não funcionar dentro deste app. Se falhar, abra esta página no seu navegador (Safari ou Chrome).',
  paused: 'A câmera pausou enquanto esta página estava em segundo plano.',
  resume: 'Continuar',
  countdown: (seconds) => `Fique parado, ${seconds}`,
  guidance: {
    multiple_faces: 'Apenas uma pessoa no enquadramento, por favor',
    no_face: 'Posicione o rosto dentro do oval',
    move_closer: 'Aproxime-se um pouco',
    move_back: 'Afaste-se um pouco',
    center_face: 'Centralize o rosto no oval',
    look_straight: 'Olhe diretamente para a câmera',
    straighten_head: 'Mantenha a cabeça reta',
    too_dark: 'Está escuro demais, procure mais luz',
    too_bright: 'Há luz demais no seu rosto',
    backlit: 'A luz está atrás de você, fique de frente para a luz',
    blurry: 'Segure a câmera firme',
    hold_still: 'Fique parado…',
    ready: 'Ótimo, tirando a foto',
  },
  errors: {
    generic: 'Algo deu errado. Tente novamente.',
    camera_denied:
      'O acesso à câmera está bloqueado. Permita a câmera nas configurações do navegador e tente novamente.',
    camera_not_found: 'Nenhuma câmera foi encontrada. Conecte uma câmera e tente novamente.',
    camera_busy: 'Outro aplicativo está usando a câmera. Feche-o e tente novamente.',
    insecure_context: 'A câmera só funciona em uma página segura (https).',
    unsupported_browser:
      'Este navegador não consegue tirar a selfie. Use Chrome, Safari, Firefox ou Edge atualizados.',
    model_load_failed:
      'Não foi possível carregar a detecção de rosto. Verifique sua conexão e tente novamente.',
    capture_timeout:
      'Não conseguimos ver bem o seu rosto. Procure uma boa iluminação e tente novamente.',
    network_error: 'Parece que você está sem conexão. Verifique e tente novamente.',
    reverification_expired: 'Esta verificação expirou. Comece novamente.',
    enrollment_not_found: 'Não encontramos sua verificação anterior.',
    handoff_link_used: 'Este link já foi usado. Peça um novo no seu computador.',
    cancelled: 'A verificação foi cancelada.',
  },
  progress: {
    uploading: 'Enviando sua foto…',
    processing: 'Verificando se é você…',
    done: 'Pronto',
  },
  handoff: {
    title: 'Continue no seu celular',
    instructions:
      'Escaneie o código com a câmera do celular ou abra o link no celular. Mantenha esta página aberta.',
    qrLabel: 'QR code do link para o seu celular',
    copyLink: 'Copiar link',
    copied: 'Link copiado',
    newLink: 'Novo link',
    waiting: 'Aguardando o seu celular…',
    phoneActive: 'Seu celular está tirando a selfie…',
    processing: 'Verificando se é você…',
    done: 'Pronto — você pode continuar aqui.',
    phoneDone: 'Tudo certo. Você pode voltar ao computador.',
    linkMissing: 'Este link está incompleto. Peça um novo no seu computador.',
  },
  challenge: {
    intro: 'Só mais um passo: vire a cabeça rapidamente para mostrar que é você.',
    turn_left: 'Vire a cabeça devagar para a sua esquerda',
    turn_right: 'Vire a cabeça devagar para a sua direita',
    turn_more: 'Um pouco mais',
    back_to_centre: 'Agora olhe de frente para a câmera',
    keep_face_visible: 'Mantenha o rosto visível',
    done: 'Obrigado',
    cantDo: 'Não consigo fazer isso',
  },
};
